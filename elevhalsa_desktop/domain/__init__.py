"""Plain data and rules. No Qt, no SQL: everything here runs in a unit test without a display."""
