using HaCluster.Ejection;
using HaCluster.Hosts;

namespace HaCluster.Tests.Operations;

public class EjectionRecordsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Records_survive_a_round_trip_through_the_file()
    {
        EjectedController[] records = [new("10.0.0.12", "ctrl-2", Noon), new("10.0.0.13", "", Noon)];

        EjectionRecords.Parse(EjectionRecords.Format(records)).Should().Equal(records);
    }

    [Fact]
    public void The_file_holds_one_line_an_address_in_address_order_under_a_comment()
    {
        var text = EjectionRecords.Format([new("10.0.0.13", "ctrl-3", Noon), new("10.0.0.12", "ctrl-2", Noon), new("10.0.0.12", "again", Noon)]);

        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "# Controllers removed by `hactl eject-controller`; `hactl apply` refuses to re-add them while they are in the config.",
            "10.0.0.12 ctrl-2 2026-11-22T12:00:00Z",
            "10.0.0.13 ctrl-3 2026-11-22T12:00:00Z");
    }

    [Fact]
    public void No_records_make_no_file_content()
    {
        EjectionRecords.Format([]).Should().BeEmpty();
        EjectionRecords.Parse("").Should().BeEmpty();
    }

    [Fact]
    public void Gathering_facts_reads_the_record_from_its_own_section()
    {
        var facts = FactsScript.Parse("""
            ### hostname
            ctrl-1
            ### ejected
            # Controllers removed by `hactl eject-controller`; `hactl apply` refuses to re-add them while they are in the config.
            10.0.0.12 ctrl-2 2026-11-22T12:00:00Z
            ### hashes
            """);

        facts.EjectedControllers.Should().Equal(new EjectedController("10.0.0.12", "ctrl-2", Noon));
    }
}
