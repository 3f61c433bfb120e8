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
