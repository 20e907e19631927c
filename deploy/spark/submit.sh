#!/usr/bin/env bash
# Submit a Communique batch job to Spark through Beam's portable Spark job server
# (docker-compose.yaml here, or any apache/beam_spark3_job_server:2.77.0 next to a Spark cluster).
# Python runs in the Beam worker pool beside each Spark worker (EXTERNAL environment).
# With a local job-server jar instead of the container (SparkRunner downloads it from Maven Central
# otherwise): SPARK_MASTER=spark://host:7077 SPARK_JOB_SERVER_JAR=beam-runners-spark-3-job-server-2.77.0.jar
set -euo pipefail
OUT="${OUT:?set OUT to a path the workers share, e.g. /data/communique-out or gs://bucket/out}"

if [[ -n "${SPARK_MASTER:-}" ]]; then
  exec communique run --out "$OUT" \
    --runner SparkRunner \
    --spark_master_url "$SPARK_MASTER" \
    ${SPARK_JOB_SERVER_JAR:+--spark_job_server_jar "$SPARK_JOB_SERVER_JAR"} \
    --environment_type EXTERNAL --environment_config "${WORKER_POOL:-localhost:50000}" \
    "$@"
fi

exec communique run --out "$OUT" \
  --runner PortableRunner \
  --job_endpoint "${JOB_ENDPOINT:-localhost:8099}" \
  --environment_type EXTERNAL --environment_config localhost:50000 \
  "$@"
