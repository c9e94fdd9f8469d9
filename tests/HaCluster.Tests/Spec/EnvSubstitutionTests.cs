using HaCluster.Spec.Reading;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Spec;

public sealed class EnvSubstitutionTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["VRRP_PASS"] = "s3cret", ["EMPTY"] = "" };

    private static (string Value, IReadOnlyList<string> Unset) Apply(string text) =>
        EnvSubstitution.Apply(text, name => Variables.GetValueOrDefault(name));

    [Fact]
    public void A_set_variable_is_substituted()
    {
        var (value, unset) = Apply("pass-${VRRP_PASS}-end");

        value.Should().Be("pass-s3cret-end");
        unset.Should().BeEmpty();
    }

    [Fact]
    public void An_unset_variable_is_reported_by_name()
    {
        var (_, unset) = Apply("${NOT_SET} and ${ALSO_NOT_SET}");

        unset.Should().Equal("NOT_SET", "ALSO_NOT_SET");
    }

    [Fact]
    public void A_set_but_empty_variable_is_not_unset()
    {
        var (value, unset) = Apply("[${EMPTY}]");

        value.Should().Be("[]");
        unset.Should().BeEmpty();
    }

    [Fact]
    public void Double_dollar_is_a_literal_dollar() => Apply("cost: $$5 and $${VRRP_PASS}").Value.Should().Be("cost: $5 and ${VRRP_PASS}");

    [Fact]
    public void A_default_applies_when_the_variable_is_unset_or_empty()
    {
        Apply("${NOT_SET:-fallback}").Unset.Should().BeEmpty();
        Apply("${NOT_SET:-fallback}").Value.Should().Be("fallback");
        Apply("${EMPTY:-fallback}").Value.Should().Be("fallback");
        Apply("${VRRP_PASS:-fallback}").Value.Should().Be("s3cret");
    }

    [Fact]
    public void A_dollar_without_braces_is_left_as_written() =>
        Apply("echo $HOME ${not a name} $").Value.Should().Be("echo $HOME ${not a name} $");

    [Fact]
    public void The_config_gets_the_substituted_value()
    {
        var result = Specs.LoadValid(SpecTexts.Cplb, new Dictionary<string, string> { ["VRRP_PASS"] = "s3cret" });

        result.Document!.Spec.LoadBalancer!.AuthPass.Should().Be("s3cret");
    }

    [Fact]
    public void An_unset_variable_in_the_config_is_an_error_naming_it_and_its_line()
    {
        var result = Specs.Load(SpecTexts.Cplb);

        result.Errors.Should().ContainSingle().Which.ToString().Should().Be(
            "spec.loadBalancer.authPass (line 13:15): environment variable VRRP_PASS is not set (write $$ for a literal $)");
    }

    [Fact]
    public void Substitution_reaches_into_the_k0s_config()
    {
        var yaml = SpecTexts.SingleController + """

              k0s:
                config:
                  spec:
                    api:
                      sans: ["${API_NAME}"]
            """;

        var result = Specs.LoadValid(yaml, new Dictionary<string, string> { ["API_NAME"] = "api.example.com" });

        var sans = (YamlDotNet.RepresentationModel.YamlSequenceNode)result.Document!.Spec.K0s.Config!["spec"]["api"]["sans"];
        sans.Children.Should().ContainSingle().Which.ToString().Should().Be("api.example.com");
    }
}
