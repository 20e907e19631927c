#!/usr/bin/env bash
# Build the Communique Flex Template and launch a job.
#
#   deploy/dataflow/build_and_launch.sh build             # image (Cloud Build) + template spec in GCS
#   deploy/dataflow/build_and_launch.sh run [gcloud args]  # launch a batch job from the template
#
# Settings (environment): PROJECT, REGION, BUCKET (no gs://), REPO (Artifact Registry repository, default
# "communique"), TAG (default 0.1.0), OUT (default gs://$BUCKET/communique-out), FEED (optional),
# MAX_WORKERS (default 4), MACHINE_TYPE (default n2-standard-2: spaCy wants ~1 GB per worker process).
set -euo pipefail
cd "$(dirname "$0")/../.."                      # the repository root is the build context

: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${BUCKET:?set BUCKET}"
REPO="${REPO:-communique}"
TAG="${TAG:-0.1.0}"
IMAGE="${REGION}-docker.pkg.dev/${PROJECT}/${REPO}/communique-flex:${TAG}"
TEMPLATE="gs://${BUCKET}/templates/communique-${TAG}.json"
OUT="${OUT:-gs://${BUCKET}/communique-out}"
MAX_WORKERS="${MAX_WORKERS:-4}"
MACHINE_TYPE="${MACHINE_TYPE:-n2-standard-2}"

case "${1:-}" in
  build)
    gcloud builds submit --project "$PROJECT" --region "$REGION" \
      --config /dev/stdin . <<YAML
steps:
- name: gcr.io/cloud-builders/docker
  args: [build, -f, deploy/dataflow/Dockerfile, -t, "${IMAGE}", .]
images: ["${IMAGE}"]
YAML
    gcloud dataflow flex-template build "$TEMPLATE" \
      --project "$PROJECT" \
      --image "$IMAGE" \
      --sdk-language PYTHON \
      --metadata-file deploy/dataflow/metadata.json
    echo "template: $TEMPLATE"
    ;;
  run)
    shift
    params="out=${OUT},sdk_container_image=${IMAGE}"
    if [[ -n "${FEED:-}" ]]; then params="${params},feed=${FEED}"; fi
    # Batch: a bounded job (feeds, sitemaps, WARC). --flexrs-goal=COST_OPTIMIZED is an option for
    # delay-tolerant batch jobs.
    gcloud dataflow flex-template run "communique-$(date -u +%Y%m%d-%H%M%S)" \
      --project "$PROJECT" \
      --region "$REGION" \
      --template-file-gcs-location "$TEMPLATE" \
      --temp-location "gs://${BUCKET}/tmp" \
      --staging-location "gs://${BUCKET}/staging" \
      --max-workers "$MAX_WORKERS" \
      --worker-machine-type "$MACHINE_TYPE" \
      --parameters "$params" \
      "$@"
    ;;
  *)
    echo "usage: $0 build | run [extra gcloud dataflow flex-template run flags]" >&2
    exit 2
    ;;
esac
