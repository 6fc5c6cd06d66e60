"""A real SMTP server for the tests: aiosmtpd with a handler that decodes each message it
accepts and appends it as one JSON line to a file, so tests can read what a citizen received.

    python -m aiosmtpd -n -l 127.0.0.1:PORT -c mailsink.JsonSink OUT.jsonl [REFUSE_FIRST]

REFUSE_FIRST answers the first N messages with 451 (try again later), as a busy mail server
does, so tests can watch a message wait and be retried.
"""

import json
from email import message_from_bytes, policy


class JsonSink:
    def __init__(self, path, refuse_first=0):
        self.path = path
        self.refuse_left = refuse_first

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) not in (1, 2):
            parser.error("JsonSink takes OUT.jsonl [REFUSE_FIRST]")
        return cls(args[0], int(args[1]) if len(args) == 2 else 0)

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        if self.refuse_left > 0:
            self.refuse_left -= 1
            self._write({"refused": str(message["Message-ID"])})
            return "451 Requested action aborted: try again later"
        body = message.get_body(("plain",))
        self._write(
            {
                "message_id": str(message["Message-ID"]),
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "subject": str(message["Subject"]),
                "content_type": message.get_content_type(),
                "body": body.get_content() if body is not None else "",
            }
        )
        return "250 Message accepted for delivery"

    def _write(self, record):
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
