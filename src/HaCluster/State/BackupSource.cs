namespace HaCluster.State;

/// <summary>The controller a backup is taken on: running, its API ready and its etcd member healthy (<c>ChooseBackupControllerPhase</c>).</summary>
public sealed record BackupSource(GatheredHost Controller);

/// <summary>A backup written on this machine: where, how big, and which controller it came from. It holds keys, never shown.</summary>
public sealed record TakenBackup(string Path, long Bytes, string Host);
