"""What the machine must provide, checked before anything slow starts.

- tools.py: the system tools; tools.toml is their one list.
- ports.py: a port to listen on.
- folders.py: a folder to write in, and builds that leave the output as it
  was when they fail.
- errors.py: MachineError, one line with the fix, also made from a system
  error (a full disk, a read-only folder).

Standard library only, so that .ci/run can use it before uv has set up the
project's environment.
"""
