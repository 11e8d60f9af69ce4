"""The coordinator's address selection and planning screens, and the officer's planned visits."""
