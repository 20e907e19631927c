"""Airflow DAG: run the Communique batch job daily with the Apache Beam provider's operator.

Needs ``apache-airflow-providers-apache-beam`` (and ``apache-airflow-providers-google`` for Dataflow job
tracking) in the Airflow environment, and Communique installed where the Beam pipeline runs
(``py_system_site_packages=True`` reuses it). The operator runs
``python <py_file> --runner=... --<option>=<value> ...``; ``py_file`` is the Flex Template entry point
(``deploy/dataflow/main.py``), which calls ``communique.pipelines.flex_launcher``: it submits the batch job and
returns, and the operator then follows the Dataflow job.

Airflow Variables: ``communique_out`` (gs:// folder), ``communique_project``, ``communique_region``, ``communique_bucket``, ``communique_image`` (the
Flex Template image, used as the workers' SDK container), ``communique_py_file`` (where main.py lives on the
Airflow workers).
"""
from __future__ import annotations

import datetime as dt

from airflow import DAG
from airflow.providers.apache.beam.operators.beam import BeamRunPythonPipelineOperator

LAUNCHER_MODULE = "communique.pipelines.flex_launcher"   # what py_file runs (deploy/dataflow/main.py)


with DAG(
    dag_id="communique_batch",
    description="News feeds to Parquet: who said what, about which issue (Communique on Dataflow)",
    schedule="0 5 * * *",
    start_date=dt.datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": dt.timedelta(minutes=10)},
    tags=["communique", "beam"],
) as dag:
    BeamRunPythonPipelineOperator(
        task_id="communique_run",
        py_file="{{ var.value.get('communique_py_file', '/opt/communique/deploy/dataflow/main.py') }}",
        runner="DataflowRunner",
        py_interpreter="python3",
        py_system_site_packages=True,
        pipeline_options={
            # Communique's flags (underscores are accepted for dashed ones, e.g. max_bytes)
            "out": "{{ var.value.get('communique_out', '') }}",
            # add "feed": "https://..." (one feed) or "feeds_file": "/path/in/the/image"; none: the bundled sample
            "fetch": "auto",
            "max_bytes": 5_000_000,
            "timeout": 20,
            # Beam's
            "project": "{{ var.value.get('communique_project', '') }}",
            "region": "{{ var.value.get('communique_region', 'europe-west1') }}",
            "temp_location": "gs://{{ var.value.get('communique_bucket', '') }}/tmp",
            "staging_location": "gs://{{ var.value.get('communique_bucket', '') }}/staging",
            "sdk_container_image": "{{ var.value.get('communique_image', '') }}",
            "max_num_workers": 4,
        },
        dataflow_config={
            "job_name": "communique-{{ ds_nodash }}",
            "location": "{{ var.value.get('communique_region', 'europe-west1') }}",
            "wait_until_finished": True,
        },
    )
