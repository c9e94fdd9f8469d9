// Unit tests run hactl in-process; hactl is Unix-only.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
