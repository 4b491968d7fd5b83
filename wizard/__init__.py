"""httpapi-wizard: design AWS HTTP APIs for the Serverless Framework."""

__version__ = "0.1.0"
