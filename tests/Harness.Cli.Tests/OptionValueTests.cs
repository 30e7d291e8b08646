namespace Harness.Cli.Tests;

/// <summary>
/// Option values that do not parse, and inputs that used to escape as an exception: each is one line on stderr naming
/// the option (or the command), exit code 2, and never a stack trace.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class OptionValueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly string ValidPlan = Path.Combine(Path.GetTempPath(), "harness-option-values-plan.yaml");

    [OneTimeSetUp]
    public void WriteValidPlan() => File.WriteAllText(ValidPlan, "faults: []\n");

    [TestCase("--port", "serve", "--port", "abc")]
    [TestCase("--port", "serve", "--port", "99999999999")]
    [TestCase("--port", "serve", "--port", "65536")]
    [TestCase("--port", "serve", "--port", "-1")]
    [TestCase("--port", "serve", "--port", "8080.5")]
    [TestCase("--port", "serve", "--port", "")]
    [TestCase("--journal", "serve", "--port", "0", "--journal", "")]
    [TestCase("--parallel", "run", "--parallel", "abc")]
    [TestCase("--parallel", "run", "--parallel", "99999999999")]
    [TestCase("--parallel", "run", "--parallel", "0")]
    [TestCase("--parallel", "run", "--parallel", "65")]
    [TestCase("--seed", "run", "--seed", "abc")]
    [TestCase("--seed", "run", "--seed", "99999999999999999999")]
    [TestCase("--seed", "run", "--seed", "1.5")]
    [TestCase("--target", "run", "--target", "ftp://x")]
    [TestCase("--target", "run", "--target", "not a url")]
    [TestCase("--shard", "run", "--shard", "5/4")]
    [TestCase("--shard", "run", "--shard", "x")]
    [TestCase("--client", "run", "--client", "java")]
    [TestCase("--rm", "serve", "--port", "0", "--rm", "2007")]
    [TestCase("--rounds", "bench", "--rounds", "0")]
    [TestCase("--calls", "bench", "--calls", "abc")]
    [TestCase("--memory-sessions", "bench", "--memory-sessions", "5000")]
    [TestCase("--json", "bench", "--json", "")]
    public async Task A_bad_option_value_is_one_line_naming_the_option_and_exit_code_2(string option, params string[] args)
    {
        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, args);

        exitCode.Should().Be(2, error);
        output.Should().BeEmpty();
        var line = ValidateCommandTests.SingleLine(error);
        line.Should().StartWith($"harness {args[0]}: ").And.Contain(option).And.NotContain("   at ").And.NotContain("Exception");
    }

    [TestCase("--reports", "run", "--reports", "out")]
    [TestCase("--verbose", "validate", "scenarios/baseline.yaml", "--verbose")]
    [TestCase("--format", "list", "--format", "json")]
    public async Task A_mistyped_option_is_named_as_an_unknown_option_not_as_a_missing_scenario_file(string option, params string[] args)
    {
        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, args);

        exitCode.Should().Be(2, error);
        output.Should().BeEmpty();
        var line = ValidateCommandTests.SingleLine(error);
        line.Should().StartWith($"harness {args[0]}: unknown option '{option}'").And.NotContain("file not found");
    }

    [TestCase("--seed", "x")]
    [TestCase("--trace", "")]
    [TestCase("--scenario", "")]
    [TestCase("--listen", "http://[::ffff:127.0.0.1]:0")]
    [TestCase("--listen", "http://[::ffff:7f00:1]:0")]
    [TestCase("--listen", "http://127.0.0.2:0")]
    [TestCase("--listen", "http://10.0.0.1:0")]
    [TestCase("--listen", "http://127.0.0.1:99999")]
    [TestCase("--listen", "abc")]
    [TestCase("--target", "abc")]
    public async Task A_bad_proxy_option_value_is_one_line_naming_the_option_and_exit_code_2(string option, string value)
    {
        var arguments = new Dictionary<string, string>
        {
            ["--listen"] = "http://127.0.0.1:0",
            ["--target"] = "http://127.0.0.1:1/journal",
            ["--scenario"] = ValidPlan,
            [option] = value,
        };

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, ["proxy", .. arguments.SelectMany(pair => new[] { pair.Key, pair.Value })]);

        exitCode.Should().Be(2, error);
        output.Should().BeEmpty();
        ValidateCommandTests.SingleLine(error).Should().StartWith("harness proxy: ").And.Contain(option).And.NotContain("   at ").And.NotContain("Exception");
    }

    [Test]
    public async Task A_port_in_use_is_one_line_naming_the_command_and_exit_code_2()
    {
        await using var first = HarnessProcess.Start("serve", "--port", "0");
        var listening = await first.WaitForLineAsync(line => line.Contains("listening at", StringComparison.Ordinal), Bound);
        var port = new Uri(listening.Split(' ').First(word => word.StartsWith("http://", StringComparison.Ordinal))).Port;

        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        exitCode.Should().Be(2, error);
        ValidateCommandTests.SingleLine(error).Should().StartWith("harness serve: ").And.Contain("address already in use").And.NotContain("   at ");
    }
}
