# Names and docstrings that say "drift" about something other than data
# simulate no data drift: no drift test here to complete.


def make_user(email):
    return {"email": email}


def test_secondary_email_keeps_login_email():
    """An update of a secondary entry must not move the login email to a
    drifted stored primary."""
    drifted_owner = make_user("stale@example.com")
    assert drifted_owner["email"] == "stale@example.com"


def test_alert_templates():
    drift_template = {"name": "DataDriftDetected"}
    drift_system_template = dict(drift_template)
    assert drift_template == drift_system_template


def diff_baseline(current, baseline):
    return sorted(current - baseline), sorted(baseline - current)


def test_diff_baseline_flags_new_drift():
    # configuration drift, not data drift
    new_drift, resolved = diff_baseline({"A", "NEW"}, {"A"})
    assert new_drift == ["NEW"]


def test_table_drift_artifact(tmp_path, deployment):
    deployment.deploy_histogram_data_drift_app(image="app")
    drift = {"total_relation_bytes": 24576}
    assert drift["total_relation_bytes"] == 24576


def test_drift_alert(notifier):
    notifier._generate_drift_notifications("first drift")
