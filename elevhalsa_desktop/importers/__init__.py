"""Reading attendance and class lists from the exports of Swedish school systems.

Pure parsing, no Qt and no case file: a reader turns files into the records of ``records``
and the service layer decides what to store.

- ``detect.detect_format(paths)``: "csv", "xlsx" or "ss12000", from the files' content.
- ``tables.open_table(path)``: a CSV, text or XLSX file as headers, preview and numbered rows.
- ``mapping``: the column mapping the user confirms (fields, status words, first guesses).
- ``attendance_table.read_attendance`` and ``roster_table.read_roster``: a table and a mapping
  to records.
- ``ss12000.read_ss12000(paths)``: an SS 12000 JSON export (files and folders) to records.
"""
