"""Authoring: write serverless.yml and project files from the model, and save them safely."""
