"""Printed documents, drawn with ReportLab. No Qt.

The engine every document shares: ``fonts`` (embedded Noto Sans), ``text`` (user text made safe
for ReportLab), ``styles`` (the one style sheet and page geometry), ``template`` (the page layout
with header, footer and "Sida X av Y"), ``blocks`` (sections, tables, signature lines, long
text), ``output`` (writing a PDF without ever leaving half a file) and ``filenames`` (default
names without a pupil's name). Import the modules themselves: this package imports nothing, so
asking for a file name does not load ReportLab.
"""
