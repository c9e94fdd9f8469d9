using System.Text;
using HaCluster.Ejection;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Records the ejected controller on every remaining controller it can reach (<see cref="EjectionRecords"/>), so that
/// apply refuses to join it back while it is still in the config.
/// </summary>
public sealed class RecordEjectionPhase : Phase<EjectionPlan>
{
    public override string Title => "Record the ejection";

    public override Task RunAsync(RunContext context, EjectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target;
        return context.ForEachHostAsync(target.Remaining.Where(r => r.IsConnected), async (host, token) =>
        {
            var records = plan[host].Facts.EjectedControllers;
            if (records.Any(r => r.Address == target.Record.Address))
            {
                return;
            }
            var content = Encoding.UTF8.GetBytes(EjectionRecords.Format([.. records, target.Record]));
            await context.ChangeAsync(host, $"record {target.Record} as ejected in {EjectionRecords.Path}",
                (w, t) => w.UploadAsync(content, EjectionRecords.Path, EjectionRecords.Mode, t), token);
        }, cancellationToken);
    }
}
