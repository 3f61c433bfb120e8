import shutil
import subprocess
import time

NEXT_MOJO = "models/next/churn.zip"


def test_copying_a_new_mojo_under_load_fails_no_request():
    proc = subprocess.Popen(["locust", "-f", "tests/load/locustfile.py", "--headless", "-u", "20", "-t", "60s"])
    time.sleep(20)
    shutil.copy(NEXT_MOJO, "models/current/churn.zip")
    proc.wait(timeout=120)
    assert proc.returncode == 0, "locust exits non-zero when a request failed"
