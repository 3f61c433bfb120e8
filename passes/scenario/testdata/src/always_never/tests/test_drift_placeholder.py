# want `no test simulates data drift.*\[SCN101\]` `no drift test asserts that the Mage retraining pipeline is triggered` `no drift test asserts that retraining exports a new MOJO`
def test_reference_data_loads(reference):
    assert len(reference) > 0
