#!/usr/bin/env bash
# Cloud Scheduler -> Dataflow Flex Template launch: a cron job that POSTs launch_body.json to
# projects.locations.flexTemplates.launch. Build the template first (deploy/dataflow/build_and_launch.sh build).
#
# Settings: PROJECT, REGION, BUCKET, SERVICE_ACCOUNT (an account allowed to launch Dataflow jobs, e.g. with
# roles/dataflow.admin and roles/iam.serviceAccountUser), SCHEDULE (default "0 5 * * *"), TAG (default 0.1.0).
set -euo pipefail
cd "$(dirname "$0")"
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${BUCKET:?set BUCKET}" "${SERVICE_ACCOUNT:?set SERVICE_ACCOUNT}"
SCHEDULE="${SCHEDULE:-0 5 * * *}"
TAG="${TAG:-0.1.0}"

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
sed -e "s#BUCKET#${BUCKET}#g" -e "s#REGION#${REGION}#g" -e "s#PROJECT#${PROJECT}#g" \
    -e "s#communique-0.1.0#communique-${TAG}#g" -e "s#communique-flex:0.1.0#communique-flex:${TAG}#g" \
    launch_body.json > "$body"

gcloud scheduler jobs create http communique-daily \
  --project "$PROJECT" \
  --location "$REGION" \
  --schedule "$SCHEDULE" \
  --time-zone "Etc/UTC" \
  --http-method POST \
  --uri "https://dataflow.googleapis.com/v1b3/projects/${PROJECT}/locations/${REGION}/flexTemplates:launch" \
  --oauth-service-account-email "$SERVICE_ACCOUNT" \
  --oauth-token-scope "https://www.googleapis.com/auth/cloud-platform" \
  --headers "Content-Type=application/json" \
  --message-body-from-file "$body"
