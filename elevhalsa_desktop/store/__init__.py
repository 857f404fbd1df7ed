"""The case file: an SQLCipher-encrypted SQLite database. No Qt in this package."""
