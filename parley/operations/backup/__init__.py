"""Backup, restore and verify: one archive holding a portable logical dump of every table, every
media file and the instance's secrets, checked against its manifest before anything is restored.

`create.py` writes an archive, `restore.py` reads one into an empty database (any engine),
`verify.py` restores into a throwaway SQLite database to prove an archive is sound.
"""
