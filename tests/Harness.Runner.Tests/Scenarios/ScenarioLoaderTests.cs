using Harness.Protocol.Versions;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Reliability.Settings;
using Harness.Runner.Scenarios;
using Harness.WcfClient.Binding;
using Harness.Yaml;

namespace Harness.Runner.Tests.Scenarios;

/// <summary>
/// A scenario file maps to exactly the model it describes, and every malformed one fails at the exact line and column
/// of the mistake with a one-line message naming what was expected.
/// </summary>
public class ScenarioLoaderTests
{
    private const string FileName = "scenario.yaml";

    // Every malformed case below is this, then the lines under test (from line 3).
    private const string NameAndDescription = "name: a\ndescription: d\n";

    private const string FullScenario = """
        name: drop-third-message
        description: Dropping message 3 once is repaired by one retransmission.
        seed: 42
        client: harness
        contract: one-way-only
        settings:
          reliable-session: false
          ordered: false
          reliable-messaging-version: 11
          message-version: soap11-wsa2004
          inactivity-timeout: 5s
          acknowledgement-interval: 0
          flow-control-enabled: false
          max-pending-channels: 2
          max-retry-count: 3
          max-transfer-window-size: 16
          initial-retransmission-timeout: 100ms
          min-retransmission-timeout: 10ms
          send-timeout: 2s
        workload:
          sessions: 3
          messages: 25
          operation: one-way
          payload-size: 64
          concurrency: 2
        faults:
          - name: drop message 3 once
            match: {kind: application, messages: 3, attempt: first}
            action: drop
          - action: {delay: 20ms}
        expect: session-faults
        time-limit: 1.5m
        """;

    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "scenario-loader-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void A_full_scenario_maps_to_the_exact_model()
    {
        var scenario = ScenarioLoader.Parse(FullScenario, FileName);

        scenario.Should().BeEquivalentTo(
            new
            {
                Name = "drop-third-message",
                Description = "Dropping message 3 once is repaired by one retransmission.",
                Seed = 42L,
                Client = ClientKind.Harness,
                Binding = WcfBindingKind.Custom,
                Contract = ContractShape.OneWayOnly,
                Workload = new Workload(Sessions: 3, Messages: 25, WorkloadOperation.OneWay, PayloadSize: 64, Concurrency: 2),
                Expect = Expectation.SessionFaults,
                TimeLimit = TimeSpan.FromSeconds(90),
                File = FileName,
            });
        scenario.Settings.Should().Be(new ReliableSessionSettings
        {
            Enabled = false,
            Ordered = false,
            ReliableMessagingVersion = ReliableMessagingVersion.WSReliableMessaging11,
            MessageVersion = MessageVersion.Soap11WSAddressingAugust2004,
            InactivityTimeout = TimeSpan.FromSeconds(5),
            AcknowledgementInterval = TimeSpan.Zero,
            FlowControlEnabled = false,
            MaxPendingChannels = 2,
            MaxRetryCount = 3,
            MaxTransferWindowSize = 16,
            InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
            MinRetransmissionTimeout = TimeSpan.FromMilliseconds(10),
            SendTimeout = TimeSpan.FromSeconds(2),
        });
        scenario.Faults.Rules.Should().HaveCount(2);
        scenario.Faults.Rules[0].Name.Should().Be("drop message 3 once");
        scenario.Faults.Rules[0].Action.Should().BeOfType<DropAction>();
        scenario.Faults.Rules[0].Position.Should().Be(new SourcePosition(FileName, 27, 5));
        scenario.Faults.Rules[1].Action.Should().Be(new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(20))));
    }

    [Test]
    public void A_scenario_with_only_a_name_and_a_description_takes_every_default()
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription, FileName);

        scenario.Should().Be(new Scenario(
            "a", "d", Seed: 1, ReliableSessionSettings.Default, Workload.Default, FaultPlan.Empty, Expectation.Holds, TimeSpan.FromSeconds(60), FileName));
    }

    [Test]
    public void Settings_and_workload_keep_the_defaults_of_the_keys_they_do_not_list()
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + "settings:\n  max-retry-count: 2\nworkload:\n  sessions: 4\nfaults:\n", FileName);

        scenario.Settings.Should().Be(ReliableSessionSettings.Default with { MaxRetryCount = 2 });
        scenario.Workload.Should().Be(Workload.Default with { Sessions = 4 });
        scenario.Faults.IsEmpty.Should().BeTrue();
    }

    [Test]
    public void By_default_a_scenario_runs_the_real_WCF_client_on_the_custom_binding_with_the_mixed_contract_and_both_clients()
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + "expect: session-faults\n", FileName);

        scenario.Client.Should().Be(ClientKind.Wcf);
        scenario.Binding.Should().Be(WcfBindingKind.Custom);
        scenario.Contract.Should().Be(ContractShape.Mixed);
        scenario.Clients.Should().Equal(ClientKind.Wcf, ClientKind.Harness);
        scenario.ExpectByClient.Should().BeEmpty();

        // One expectation is every client's.
        scenario.ForClient(ClientKind.Wcf)!.Expect.Should().Be(Expectation.SessionFaults);
        scenario.ForClient(ClientKind.Harness)!.Expect.Should().Be(Expectation.SessionFaults);
    }

    [TestCase("client: wcf", ClientKind.Wcf, WcfBindingKind.Custom, ContractShape.Mixed)]
    [TestCase("client: harness", ClientKind.Harness, WcfBindingKind.Custom, ContractShape.Mixed)]
    [TestCase("binding: custom", ClientKind.Wcf, WcfBindingKind.Custom, ContractShape.Mixed)]
    [TestCase("binding: wshttp", ClientKind.Wcf, WcfBindingKind.WSHttp, ContractShape.Mixed)]
    [TestCase("contract: mixed", ClientKind.Wcf, WcfBindingKind.Custom, ContractShape.Mixed)]
    [TestCase("contract: one-way-only\nworkload:\n  operation: one-way", ClientKind.Wcf, WcfBindingKind.Custom, ContractShape.OneWayOnly)]
    [TestCase("client: harness\ncontract: one-way-only\nworkload:\n  operation: one-way", ClientKind.Harness, WcfBindingKind.Custom, ContractShape.OneWayOnly)]
    [TestCase("client: wcf\nbinding: wshttp\ncontract: one-way-only\nworkload:\n  operation: one-way", ClientKind.Wcf, WcfBindingKind.WSHttp, ContractShape.OneWayOnly)]
    public void Client_binding_and_contract_take_each_of_their_values(string lines, ClientKind client, WcfBindingKind binding, ContractShape contract)
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + lines + "\n", FileName);

        scenario.Should().Match<Scenario>(loaded => loaded.Client == client && loaded.Binding == binding && loaded.Contract == contract);
    }

    [TestCase("", "wcf, harness")]
    [TestCase("client: wcf\nbinding: custom\n", "wcf, harness")]
    [TestCase("client: harness\n", "harness")]
    [TestCase("binding: wshttp\n", "wcf")]
    public void Clients_are_those_the_scenario_can_run_with(string lines, string clients)
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + lines, FileName);

        string.Join(", ", scenario.Clients.Select(ScenarioLoader.Clients.NameOf)).Should().Be(clients);
    }

    [Test]
    public void A_scenario_for_both_clients_runs_with_either_unchanged_but_for_the_client()
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + "seed: 7\nexpect: violated\n", FileName);

        scenario.NotApplicableTo(ClientKind.Wcf).Should().BeNull();
        scenario.NotApplicableTo(ClientKind.Harness).Should().BeNull();
        scenario.ForClient(ClientKind.Wcf).Should().Be(scenario);
        scenario.ForClient(ClientKind.Harness).Should().Be(scenario with { Client = ClientKind.Harness });
        scenario.ForClient(ClientKind.Harness)!.Clients.Should().Equal([ClientKind.Wcf, ClientKind.Harness], "running it with one client does not change what it can run with");
        scenario.ForClient(ClientKind.Harness)!.ForClient(ClientKind.Wcf).Should().Be(scenario);
    }

    [Test]
    public void A_harness_client_scenario_does_not_run_with_the_WCF_client_and_says_why()
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + "client: harness\nsettings:\n  initial-retransmission-timeout: 100ms\n", FileName);

        scenario.ForClient(ClientKind.Harness).Should().Be(scenario);
        scenario.ForClient(ClientKind.Wcf).Should().BeNull();
        scenario.NotApplicableTo(ClientKind.Harness).Should().BeNull();
        scenario.NotApplicableTo(ClientKind.Wcf).Should().Be("it needs the harness's own client (client: harness)");
    }

    [Test]
    public void A_wshttp_scenario_does_not_run_with_the_harness_client_and_says_why()
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + "binding: wshttp\n", FileName);

        scenario.ForClient(ClientKind.Wcf).Should().Be(scenario);
        scenario.ForClient(ClientKind.Harness).Should().BeNull();
        scenario.NotApplicableTo(ClientKind.Wcf).Should().BeNull();
        scenario.NotApplicableTo(ClientKind.Harness).Should().Be("it needs WCF's WSHttpBinding (binding: wshttp), which only the WCF client has");
    }

    [Test]
    public void An_expectation_per_client_is_chosen_for_the_client_the_scenario_runs_with()
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + "expect:\n  wcf: session-faults\n  harness: holds\n", FileName);

        scenario.Expect.Should().Be(Expectation.SessionFaults, "the scenario's own client is wcf");
        scenario.ExpectByClient.Should().BeEquivalentTo(new Dictionary<ClientKind, Expectation>
        {
            [ClientKind.Wcf] = Expectation.SessionFaults,
            [ClientKind.Harness] = Expectation.Holds,
        });
        scenario.ForClient(ClientKind.Wcf)!.Expect.Should().Be(Expectation.SessionFaults);
        scenario.ForClient(ClientKind.Harness)!.Expect.Should().Be(Expectation.Holds);
    }

    [TestCase("client: harness\nexpect: {harness: violated}\n", ClientKind.Harness, Expectation.Violated)]
    [TestCase("client: harness\nexpect: {wcf: holds, harness: session-faults}\n", ClientKind.Harness, Expectation.SessionFaults)]
    [TestCase("binding: wshttp\nexpect: {wcf: session-faults}\n", ClientKind.Wcf, Expectation.SessionFaults)]
    public void An_expectation_per_client_need_only_name_the_clients_the_scenario_runs_with(string lines, ClientKind client, Expectation expect)
    {
        var scenario = ScenarioLoader.Parse(NameAndDescription + lines, FileName);

        scenario.ForClient(client)!.Expect.Should().Be(expect);
    }

    [Test]
    public void The_harness_clients_own_settings_load_with_client_harness()
    {
        var scenario = ScenarioLoader.Parse(
            NameAndDescription + "client: harness\nsettings:\n  initial-retransmission-timeout: 100ms\n  min-retransmission-timeout: 10ms\n", FileName);

        scenario.Settings.Should().Be(ReliableSessionSettings.Default with
        {
            InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
            MinRetransmissionTimeout = TimeSpan.FromMilliseconds(10),
        });
    }

    [Test]
    public void WSHttpBinding_takes_the_settings_it_exposes()
    {
        var scenario = ScenarioLoader.Parse(
            NameAndDescription + "binding: wshttp\nsettings:\n  reliable-session: true\n  ordered: false\n  inactivity-timeout: 5s\n  send-timeout: 2s\n", FileName);

        scenario.Settings.Should().Be(ReliableSessionSettings.Default with
        {
            Ordered = false,
            InactivityTimeout = TimeSpan.FromSeconds(5),
            SendTimeout = TimeSpan.FromSeconds(2),
        });
    }

    [Test]
    public void Load_reads_a_file_and_names_it_in_the_scenario()
    {
        var path = Write("one.yaml", "one");

        ScenarioLoader.Load(path).Should().Match<Scenario>(scenario => scenario.Name == "one" && scenario.File == path);
    }

    // About 100 KB of nesting: deep enough to overflow the stack of a recursive reader, so only a check made before
    // any recursion can report it.
    [TestCase("[", "]", "3:70")]
    [TestCase("{a: ", "}", "3:259")]
    public void Deeply_nested_flow_collections_fail_at_the_first_collection_too_deep(string open, string close, string position)
    {
        var levels = 100_000 / open.Length;
        var yaml = "name: deep\ndescription: Nesting beyond the limit.\nseed: " + string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels)) + "\n";

        var parse = () => ScenarioLoader.Parse(yaml, "deep.yaml");

        parse.Should().Throw<ScenarioLoadException>().WithMessage($"deep.yaml:{position}: nesting deeper than {YamlSource.MaxNestingDepth} levels");
    }

    [Test]
    public void Nesting_up_to_the_limit_is_read()
    {
        // The top-level mapping is the first level, so 'seed' may hold the other 63.
        var levels = YamlSource.MaxNestingDepth - 1;
        var yaml = "name: deep\ndescription: Nesting up to the limit.\nseed: " + new string('[', levels) + "1" + new string(']', levels) + "\n";

        var parse = () => ScenarioLoader.Parse(yaml, "deep.yaml");

        parse.Should().Throw<ScenarioLoadException>().WithMessage("deep.yaml:3:7: 'seed' must be*");
    }

    [Test]
    public void Load_of_a_missing_file_names_the_file()
    {
        var path = Path.Combine(_folder, "missing.yaml");

        var load = () => ScenarioLoader.Load(path);

        load.Should().Throw<ScenarioLoadException>().WithMessage($"{path}: file not found");
    }

    [Test]
    public void LoadAll_of_a_folder_reads_every_yaml_and_yml_file_sorted_by_name()
    {
        Write("b.yml", "bee");
        Write("c.yaml", "sea");
        Write("a.yaml", "ay");
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not a scenario");

        ScenarioLoader.LoadAll(_folder).Select(scenario => scenario.Name).Should().Equal("ay", "bee", "sea");
    }

    [Test]
    public void LoadAll_of_a_file_reads_that_file()
    {
        Write("a.yaml", "ay");
        var path = Write("b.yaml", "bee");

        ScenarioLoader.LoadAll(path).Select(scenario => scenario.Name).Should().Equal("bee");
    }

    [Test]
    public void LoadAll_of_a_glob_reads_the_matching_files_sorted_by_name()
    {
        Write("drop-2.yaml", "drop-two");
        Write("drop-1.yaml", "drop-one");
        Write("delay.yaml", "delay");

        ScenarioLoader.LoadAll(Path.Combine(_folder, "drop-*.yaml")).Select(scenario => scenario.Name).Should().Equal("drop-one", "drop-two");
    }

    [Test]
    public void LoadAll_fails_on_two_scenarios_with_the_same_name_naming_both_files()
    {
        var first = Write("a.yaml", "same");
        var second = Write("b.yaml", "same");

        var load = () => ScenarioLoader.LoadAll(_folder);

        load.Should().Throw<ScenarioLoadException>()
            .WithMessage($"{second}:1:7: duplicate scenario name 'same', also used by {first}");
    }

    [TestCase("*.yaml")]
    [TestCase("missing-*.yaml")]
    public void LoadAll_fails_when_nothing_matches(string pattern)
    {
        var glob = Path.Combine(_folder, pattern);

        var load = () => ScenarioLoader.LoadAll(glob);

        load.Should().Throw<ScenarioLoadException>().WithMessage($"{glob}: no scenario files (*.yaml, *.yml) match");
    }

    [Test]
    public void LoadAll_of_an_empty_folder_fails()
    {
        var load = () => ScenarioLoader.LoadAll(_folder);

        load.Should().Throw<ScenarioLoadException>().WithMessage($"{_folder}: no scenario files*");
    }

    [Test]
    public void LoadAll_of_a_path_that_does_not_exist_fails_naming_it()
    {
        var path = Path.Combine(_folder, "nowhere");

        var load = () => ScenarioLoader.LoadAll(path);

        load.Should().Throw<ScenarioLoadException>().WithMessage($"{path}: file not found");
    }

    public static IEnumerable<TestCaseData> MalformedScenarios()
    {
        static TestCaseData Case(string name, string yaml, string position, string fragment) =>
            new TestCaseData(yaml, position, fragment).SetArgDisplayNames(name);

        static TestCaseData After(string name, string lines, string position, string fragment) =>
            Case(name, NameAndDescription + lines, position, fragment);

        const string SettingsKeys = "reliable-session, ordered, reliable-messaging-version, message-version, inactivity-timeout, "
            + "acknowledgement-interval, flow-control-enabled, max-pending-channels, max-retry-count, max-transfer-window-size, "
            + "initial-retransmission-timeout, min-retransmission-timeout, send-timeout";

        // Syntax and the shape of the file.
        yield return Case("empty file", string.Empty, "1:1", "a scenario must be a mapping with at least 'name' and 'description', got nothing");
        yield return Case("comments only", "# nothing yet\n", "1:1", "got nothing");
        yield return Case("a list at the top", "- name: a\n  description: d\n", "1:1", "a scenario must be a mapping, got a list");
        yield return Case("text at the top", "just a sentence\n", "1:1", "a scenario must be a mapping, got 'just a sentence'");
        yield return After("tab as indentation", "workload:\n\tsessions: 2\n", "4:1", "tab");
        yield return Case("duplicate top-level key", "name: a\nname: b\ndescription: d\n", "2:1", "duplicate key 'name'");
        yield return After("duplicate settings key", "settings:\n  ordered: true\n  ordered: false\n", "5:3", "duplicate key 'ordered'");
        yield return After("second YAML document", "---\nname: b\n", "4:1", "expected a single YAML document, found a second one");

        // Top-level keys.
        yield return After("unknown top-level key", "timeout: 5s\n", "3:1",
            "unknown key 'timeout'; expected one of name, description, seed, client, binding, contract, settings, workload, faults, expect, time-limit");
        yield return Case("missing name", "description: d\n", "1:1", "a scenario needs 'name'");
        yield return Case("name with capitals and spaces", "name: Drop Third\ndescription: d\n", "1:7",
            "'name' must be lower-case letters, digits and '-' (e.g. drop-third-message), got 'Drop Third'");
        yield return Case("name with an underscore", "name: drop_third\ndescription: d\n", "1:7", "'name' must be lower-case letters");
        yield return Case("name is a list", "name: [a]\ndescription: d\n", "1:7", "'name' must be text, got a list");
        yield return Case("missing description", "name: a\n", "1:1", "a scenario needs 'description'");
        yield return Case("description is a mapping", "name: a\ndescription: {a: b}\n", "2:14", "'description' must be text, got a mapping");
        yield return After("seed is not a number", "seed: forty-two\n", "3:7", "'seed' must be an integer, got 'forty-two'");
        yield return After("seed is quoted", "seed: \"42\"\n", "3:7", "'seed' must be an integer, got the string \"42\"");
        yield return After("expect maybe", "expect: maybe\n", "3:9", "unknown expect 'maybe'; expected one of holds, violated, session-faults");
        yield return After("expect is a list", "expect: [holds]\n", "3:9", "'expect' must be one of holds, violated, session-faults, got a list");
        yield return After("time limit of zero", "time-limit: 0\n", "3:13", "'time-limit' must be a duration > 0 such as 250ms, 2s, 1.5s or 1m, got '0'");
        yield return After("time limit forever", "time-limit: forever\n", "3:13", "'time-limit' must be a duration > 0");
        yield return After("time limit without a unit", "time-limit: 60\n", "3:13", "got '60'");

        // Client, binding and contract, and what each client or binding cannot do.
        const string WcfHasNoKnob = "is a setting of the harness's own client; the WCF client has no such knob (its retransmission timer adapts to the round trips it measures): use 'client: harness', or remove it";
        const string WSHttpExposesNo = "(only reliable-session, ordered, inactivity-timeout and send-timeout): use 'binding: custom', or remove it";
        yield return After("unknown client", "client: wfc\n", "3:9", "unknown client 'wfc'; expected one of wcf, harness");
        yield return After("client is a list", "client: [wcf, harness]\n", "3:9", "'client' must be one of wcf, harness, got a list");
        yield return After("unknown binding", "binding: basichttp\n", "3:10", "unknown binding 'basichttp'; expected one of custom, wshttp");
        yield return After("unknown contract", "contract: duplex\n", "3:11", "unknown contract 'duplex'; expected one of mixed, one-way-only");
        yield return After("initial retransmission timeout with the WCF client", "settings:\n  initial-retransmission-timeout: 100ms\n", "4:3",
            $"'initial-retransmission-timeout' {WcfHasNoKnob}");
        yield return After("min retransmission timeout with client wcf", "client: wcf\nsettings:\n  ordered: true\n  min-retransmission-timeout: 10ms\n", "6:3",
            $"'min-retransmission-timeout' {WcfHasNoKnob}");
        yield return After("retransmission timeout with the WCF client in a flow mapping", "settings: {ordered: true, min-retransmission-timeout: 10ms}\n", "3:27",
            "'min-retransmission-timeout' is a setting of the harness's own client");
        yield return After("binding with client harness", "client: harness\nbinding: custom\n", "4:1",
            "'binding' chooses the WCF client's binding, but this scenario uses 'client: harness'; remove 'binding' or use 'client: wcf'");
        yield return After("wshttp with client harness", "binding: wshttp\nclient: harness\n", "3:1", "'binding' chooses the WCF client's binding");
        yield return After("wshttp with max retry count", "binding: wshttp\nsettings:\n  ordered: true\n  max-retry-count: 3\n", "6:3",
            $"WSHttpBinding exposes no 'max-retry-count' {WSHttpExposesNo}");
        yield return After("wshttp with message version soap11", "binding: wshttp\nsettings:\n  message-version: soap11-wsa10\n", "5:3",
            $"WSHttpBinding exposes no 'message-version' {WSHttpExposesNo}");
        yield return After("wshttp with the message version it speaks", "binding: wshttp\nsettings:\n  message-version: soap12-wsa10\n", "5:3",
            $"WSHttpBinding exposes no 'message-version' {WSHttpExposesNo}");
        yield return After("wshttp with WS-RM 1.1", "binding: wshttp\nsettings:\n  reliable-messaging-version: 11\n", "5:3",
            $"WSHttpBinding exposes no 'reliable-messaging-version' {WSHttpExposesNo}");
        yield return After("wshttp with an initial retransmission timeout", "binding: wshttp\nsettings:\n  initial-retransmission-timeout: 1s\n", "5:3",
            "'initial-retransmission-timeout' is a setting of the harness's own client");
        yield return After("one-way-only contract with request-reply", "contract: one-way-only\nworkload:\n  operation: request-reply\n", "3:1",
            "'contract: one-way-only' has no Append: use 'operation: one-way' in the workload, or 'contract: mixed'");
        yield return After("one-way-only contract with the default operation", "workload:\n  sessions: 2\ncontract: one-way-only\n", "5:1",
            "'contract: one-way-only' has no Append");

        // Expectations per client.
        yield return After("expect per client lacking harness", "expect:\n  wcf: session-faults\n", "4:3",
            "'expect' per client must name every client the scenario runs with (wcf, harness), it lacks 'harness'");
        yield return After("expect per client lacking wcf", "expect: {harness: holds}\n", "3:9",
            "'expect' per client must name every client the scenario runs with (wcf, harness), it lacks 'wcf'");
        yield return After("expect per client lacking the harness client of a harness scenario", "client: harness\nexpect: {wcf: holds}\n", "4:9",
            "'expect' per client must name every client the scenario runs with (harness), it lacks 'harness'");
        yield return After("expect per client naming an unknown client", "expect: {wcf: holds, harnes: holds}\n", "3:22",
            "unknown key 'harnes'; expected one of wcf, harness");
        yield return After("expect per client with an unknown expectation", "expect: {wcf: maybe, harness: holds}\n", "3:15",
            "unknown expect 'maybe'; expected one of holds, violated, session-faults");

        // Settings.
        yield return After("settings is text", "settings: fast\n", "3:11", "'settings' must be a mapping, got 'fast'");
        yield return After("unknown settings key", "settings:\n  max-retries: 3\n", "4:3", $"unknown key 'max-retries'; expected one of {SettingsKeys}");
        yield return After("PascalCase settings key", "settings:\n  MaxRetryCount: 3\n", "4:3", "unknown key 'MaxRetryCount'");
        yield return After("max retry count of zero", "settings:\n  max-retry-count: 0\n", "4:20", "'max-retry-count' must be an integer >= 1, got '0'");
        yield return After("max retry count quoted", "settings:\n  max-retry-count: \"8\"\n", "4:20", "got the string \"8\"");
        yield return After("negative transfer window", "settings:\n  max-transfer-window-size: -1\n", "4:29",
            "'max-transfer-window-size' must be an integer from 1 to 4096, got '-1'");
        yield return After("too many pending channels", "settings:\n  max-pending-channels: 20000\n", "4:25",
            "'max-pending-channels' must be an integer from 1 to 16384, got '20000'");
        yield return After("reliable messaging version 3", "settings:\n  reliable-messaging-version: 3\n", "4:31",
            "unknown reliable-messaging-version '3'; expected one of 2005, 11");
        yield return After("message version soap13", "settings:\n  message-version: soap13\n", "4:20",
            "unknown message-version 'soap13'; expected one of soap12-wsa10, soap11-wsa10, soap12-wsa2004, soap11-wsa2004");
        yield return After("inactivity timeout soon", "settings:\n  inactivity-timeout: soon\n", "4:23",
            "'inactivity-timeout' must be a duration > 0 such as 250ms, 2s, 1.5s or 1m, got 'soon'");
        yield return After("inactivity timeout of zero", "settings:\n  inactivity-timeout: 0\n", "4:23", "'inactivity-timeout' must be a duration > 0");
        yield return After("retransmission timeout without a unit", "settings:\n  initial-retransmission-timeout: 500\n", "4:35",
            "'initial-retransmission-timeout' must be a duration > 0");
        yield return After("negative acknowledgement interval", "settings:\n  acknowledgement-interval: -1s\n", "4:29",
            "'acknowledgement-interval' must be a duration such as");
        yield return After("reliable session yes", "settings:\n  reliable-session: yes\n", "4:21", "'reliable-session' must be true or false, got 'yes'");

        // Workload.
        yield return After("workload is a list", "workload: [1]\n", "3:11", "'workload' must be a mapping, got a list");
        yield return After("unknown workload key", "workload:\n  clients: 4\n", "4:3",
            "unknown key 'clients'; expected one of sessions, messages, operation, payload-size, concurrency");
        yield return After("no sessions", "workload:\n  sessions: 0\n", "4:13", "'sessions' must be an integer >= 1, got '0'");
        yield return After("many messages", "workload:\n  messages: many\n", "4:13", "'messages' must be an integer >= 1, got 'many'");
        yield return After("duplex operation", "workload:\n  operation: duplex\n", "4:14", "unknown operation 'duplex'; expected one of request-reply, one-way");
        yield return After("no concurrency", "workload:\n  concurrency: 0\n", "4:16", "'concurrency' must be an integer >= 1, got '0'");
        yield return After("fractional payload size", "workload:\n  payload-size: 1.5\n", "4:17", "'payload-size' must be an integer >= 1, got '1.5'");

        // Faults: the fault plan's own errors, positioned in the scenario file.
        yield return After("action dorp", "faults:\n  - action: dorp\n", "4:13",
            "unknown action 'dorp'; expected one of abort, corrupt, delay, drop, drop-response, duplicate, http-error, partition, reorder");
        yield return After("faults is a single rule", "faults:\n  action: drop\n", "4:3", "'faults' must be a list, got a mapping");
        yield return After("rule without an action", "faults:\n  - name: nothing\n", "4:5", "a rule needs 'action'");
        yield return After("unknown match key", "faults:\n  - match: {when: 3}\n    action: drop\n", "4:13", "unknown key 'when'; expected one of direction, kind");
    }

    [TestCaseSource(nameof(MalformedScenarios))]
    public void A_malformed_scenario_fails_with_one_line_at_the_exact_position(string yaml, string position, string fragment)
    {
        var parse = () => ScenarioLoader.Parse(yaml, FileName);

        var error = parse.Should().Throw<ScenarioLoadException>().Which;
        error.Message.Should().StartWith($"{FileName}:{position}: ").And.Contain(fragment).And.NotContainAny("\n", "\r");
        error.File.Should().Be(FileName);
    }

    [Test]
    public void A_malformed_file_is_named_by_its_path()
    {
        var path = Path.Combine(_folder, "drop.yaml");
        File.WriteAllText(path, NameAndDescription + "faults:\n  - action: dorp\n");

        var load = () => ScenarioLoader.Load(path);

        load.Should().Throw<ScenarioLoadException>().WithMessage($"{path}:4:13: unknown action 'dorp'; expected one of abort, corrupt, delay, drop, *");
    }

    private string Write(string fileName, string scenarioName)
    {
        var path = Path.Combine(_folder, fileName);
        File.WriteAllText(path, $"name: {scenarioName}\ndescription: a scenario of the test\n");
        return path;
    }
}
