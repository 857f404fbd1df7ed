"""Run by test_rekey_is_atomic in its own process, which the test kills at a random moment."""

import sys

from elevhalsa_desktop.store.casefile import open_case_file

case = open_case_file(sys.argv[1], sys.argv[2], migrate=False)
print("ready", flush=True)
case.change_password(sys.argv[3])
print("done", flush=True)
case.conn.close()
