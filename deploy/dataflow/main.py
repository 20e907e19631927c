"""FLEX_TEMPLATE_PYTHON_PY_FILE of the Flex Template: submit the batch job and return (no waiting).

The launcher passes the template parameters as ``--name=value`` flags; see
``communique.pipelines.flex_launcher``.
"""
import sys

from communique.pipelines.flex_launcher import main

if __name__ == "__main__":
    sys.exit(main())
