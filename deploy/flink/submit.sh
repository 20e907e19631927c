#!/usr/bin/env bash
# Submit a Communique batch job to Flink through Beam's portable job server.
#
# Two ways:
#  1. Kubernetes (flink-deployment.yaml applied): port-forward the job server, then submit with
#     JOB_ENDPOINT=localhost:8099 (default). Python runs in the worker-pool sidecars (EXTERNAL).
#  2. A reachable Flink cluster and a local job-server jar (FlinkRunner downloads it from Maven Central
#     otherwise): FLINK_MASTER=host:8081 FLINK_JOB_SERVER_JAR=beam-runners-flink-1.19-job-server-2.77.0.jar
#
# OUT must be a path every worker can write (gs://, s3://, or a shared volume), e.g. OUT=gs://bucket/out.
set -euo pipefail
OUT="${OUT:?set OUT to a shared path, e.g. gs://bucket/communique-out}"
shift_args=("$@")

if [[ -n "${FLINK_MASTER:-}" ]]; then
  exec communique run --out "$OUT" \
    --runner FlinkRunner \
    --flink_master "$FLINK_MASTER" \
    ${FLINK_JOB_SERVER_JAR:+--flink_job_server_jar "$FLINK_JOB_SERVER_JAR"} \
    --environment_type EXTERNAL --environment_config "${WORKER_POOL:-localhost:50000}" \
    "${shift_args[@]}"
fi

# kubectl port-forward svc/beam-flink-job-server 8099 8098 &   (in another shell)
exec communique run --out "$OUT" \
  --runner PortableRunner \
  --job_endpoint "${JOB_ENDPOINT:-localhost:8099}" \
  --artifact_endpoint "${ARTIFACT_ENDPOINT:-localhost:8098}" \
  --environment_type EXTERNAL --environment_config localhost:50000 \
  "${shift_args[@]}"
