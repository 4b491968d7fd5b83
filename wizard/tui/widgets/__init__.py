"""The wizard's own widgets: bound form fields, entry tables, the code view, help text."""
