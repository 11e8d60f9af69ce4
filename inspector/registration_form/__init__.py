"""The signed BRP registration form: its texts in five languages and its PDF."""
