// hactl drives the system OpenSSH client with ControlMaster sockets: a Unix-only design.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
