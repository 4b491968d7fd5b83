"""The wizard's dialogs: each a ModalScreen that returns a typed answer through ``dismiss``.

Every dialog puts the keyboard on its first control, confirms with Enter and cancels
with Escape; F1 explains the focused control.
"""
