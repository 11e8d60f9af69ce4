"""The employer's list of residents for a group registration day: read and checked per row."""
