using HaCluster.Cli.Events;
using HaCluster.Pipeline;

namespace HaCluster.Tests.Cli;

/// <summary>The human output of a run's events.</summary>
public class TextEventSinkTests
{
    [Fact]
    public void A_host_action_of_an_earlier_phase_that_ends_under_a_later_heading_names_its_phase()
    {
        using var text = new StringWriter();
        var sink = new TextEventSink(text);

        sink.Emit(new RunEvent { Event = EventKinds.PhaseStarted, Phase = "Install k0s binary" });
        sink.Emit(new RunEvent { Event = EventKinds.HostAction, Phase = "Install k0s binary", Host = "c1", Action = "stage k0s", DurationSeconds = 1 });
        sink.Emit(new RunEvent { Event = EventKinds.PhaseStarted, Phase = "Initialize cluster" });
        sink.Emit(new RunEvent { Event = EventKinds.HostAction, Phase = "Install k0s binary", Host = "w1", Action = "stage k0s", DurationSeconds = 2 });

        text.ToString().ReplaceLineEndings("\n").Should().Be("""
            ==> Install k0s binary
                [c1] stage k0s (1.00 s)
            ==> Initialize cluster
                [w1] (Install k0s binary) stage k0s (2.00 s)

            """);
    }
}
