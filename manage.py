#!/usr/bin/env python
"""Django's command-line utility, with one-line errors for a misconfigured environment."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilkada_mitigasi.settings")
    from pilkada_mitigasi.startup import run_management_command

    sys.exit(run_management_command(sys.argv))


if __name__ == "__main__":
    main()
