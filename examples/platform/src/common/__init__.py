"""Code both the inference service and the training pipeline use."""
