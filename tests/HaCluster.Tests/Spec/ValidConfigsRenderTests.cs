using HaCluster.Rendering;
using HaCluster.Spec;
using HaCluster.Tests.Cli;
using HaCluster.Tests.Fakes;
using HaCluster.TestSupport;

namespace HaCluster.Tests.Spec;

/// <summary>
/// The invariant between validation and rendering: a config that validates always renders. Every rule a renderer
/// enforces by throwing must be a validation error first, so `hactl validate` finds it with its path and line.
/// </summary>
public sealed class ValidConfigsRenderTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["VRRP_PASS"] = "s3cret" };

    public static TheoryData<string> Samples =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "samples"), "*.yaml").Select(Path.GetFileName).OfType<string>().Order()];

    public static TheoryData<string, int, int> InitChoices
    {
        get
        {
            var data = new TheoryData<string, int, int>();
            foreach (var lb in LoadBalancerTypes.All)
            {
                for (var controllers = 1; controllers <= 9; controllers++)
                {
                    data.Add(lb, controllers, controllers % 3);
                }
            }
            data.Add(LoadBalancerTypes.HaproxyKeepalived, 3, 240);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_renders(string sample)
    {
        var yaml = File.ReadAllText(Path.Combine(Repository.Root, "samples", sample));
        // samples/k0sctl.yaml names ~/.ssh/id_rsa, as k0sctl users' files do.
        var result = Specs.LoadValid(yaml, Variables, $"{Specs.Home}/.ssh/id_rsa");

        var files = ClusterRenderer.RenderAll(result.Model!);

        files.Should().Contain(f => f.Path == "/etc/k0s/k0s.yaml");
    }

    [Theory]
    [MemberData(nameof(InitChoices))]
    public void Every_init_output_renders(string lb, int controllers, int workers)
    {
        var init = Hactl.Run(["init", "--lb", lb, "--controllers", $"{controllers}", "--workers", $"{workers}"]);
        var result = Specs.LoadValid(init.Out, Variables);

        var files = ClusterRenderer.RenderAll(result.Model!);

        files.Where(f => f.Path == "/etc/k0s/k0s.yaml").Should().HaveCount(controllers);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Any_generated_config_that_validates_renders(int seed)
    {
        const int count = 250;
        var configs = new RandomConfigs(seed);
        var valid = 0;
        var failures = new List<string>();

        for (var i = 0; i < count; i++)
        {
            var yaml = configs.Next();
            try
            {
                if (Specs.Load(yaml, Variables).Model is { } model)
                {
                    valid++;
                    ClusterRenderer.RenderAll(model);
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
            {
                failures.Add($"{e.GetType().Name}: {e.Message}\n{yaml}");
            }
        }

        failures.Should().BeEmpty("a config that validates must render, but these threw:\n{0}", string.Join("\n", failures));
        valid.Should().BeInRange(count / 10, count - (count / 10), "the generated configs should be neither all valid nor all broken");
    }
}
