#!/usr/bin/env python3
"""A real SMTP server for the reskontra-relay tests, built on aiosmtpd.

Saves every message it accepts into DIR as two files sharing a name:
  NAME.eml   the DATA exactly as aiosmtpd hands it over (dot-stuffing undone; every line
             keeps its CRLF, the CRLF of the final "." line is not included)
  NAME.json  {"mail_from": ..., "rcpt_tos": [...]}, written last (by rename), so a
             .json file means the message is complete.
Refuses (550) RCPT TO for every address containing "refuse".

Prints "ready" once it listens; stops on SIGTERM, SIGINT or when its stdin closes
(so it cannot outlive the test that started it).

  python3 smtp_sink.py --port 2525 --dir /tmp/received
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class SaveToDirectory:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "refuse" in address.lower():
            return f"550 5.7.1 <{address}>: recipient refused by the test sink"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.directory, f"{time.time_ns():020d}-{self.count:04d}")
        with open(name + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(name + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        os.replace(name + ".json.tmp", name + ".json")
        return "250 2.0.0 Message accepted"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    controller = Controller(SaveToDirectory(args.dir), hostname=args.host, port=args.port)
    controller.start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def wait_for_stdin_to_close():
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
    print("ready", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
