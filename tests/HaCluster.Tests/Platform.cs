// The unit tests check unix file modes and run on Linux; hactl itself also runs on Windows (paths are tested the Windows way in Local/).
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
