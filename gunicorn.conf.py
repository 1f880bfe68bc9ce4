"""gunicorn reads this file from the working directory: refuse a public address without DJANGO_ENV."""

import sys


def on_starting(server):
    from pilkada_mitigasi.startup import loopback_refusal

    for address in server.cfg.address:
        host = address[0] if isinstance(address, tuple) else None
        refusal = loopback_refusal(host) if host is not None else None  # a unix socket is local
        if refusal:
            sys.stderr.write(f"Error: {refusal}\n")
            sys.exit(1)
