"""The Textual wizard. Screens call the core (wizard.authoring.session) and show its results."""
