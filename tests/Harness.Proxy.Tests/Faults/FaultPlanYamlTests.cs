using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Faults.Yaml;
using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Tests.Faults;

/// <summary>Every valid form of the fault plan's YAML (docs/fault-plan.md) gives exactly the expected model.</summary>
public class FaultPlanYamlTests
{
    private const string FileName = "faults.yaml";

    public static IEnumerable<TestCaseData> ActionForms()
    {
        static TestCaseData Case(string action, FaultAction expected) => new TestCaseData(action, expected).SetArgDisplayNames(action);

        yield return Case("drop", new DropAction(LostAnswer.Empty202));
        yield return Case("{drop: {answer: abort}}", new DropAction(LostAnswer.Abort));
        yield return Case("{drop: {answer: empty-202}}", new DropAction(LostAnswer.Empty202));
        yield return Case("{drop: }", new DropAction(LostAnswer.Empty202));
        yield return Case("{drop: {}}", new DropAction(LostAnswer.Empty202));
        yield return Case("drop-response", new DropResponseAction(LostAnswer.Empty202));
        yield return Case("{drop-response: {answer: empty-202}}", new DropResponseAction(LostAnswer.Empty202));
        yield return Case("{drop-response: {answer: abort}}", new DropResponseAction(LostAnswer.Abort));
        yield return Case("duplicate", new DuplicateAction(1));
        yield return Case("{duplicate: {copies: 2}}", new DuplicateAction(2));
        yield return Case("{delay: 200ms}", new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(200))));
        yield return Case("{delay: {fixed: 200ms}}", new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(200))));
        yield return Case("{delay: {fixed: 0}}", new DelayAction(new FixedDelay(TimeSpan.Zero)));
        yield return Case("{delay: {uniform: [50ms, 300ms]}}", new DelayAction(new UniformDelay(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300))));
        yield return Case("{delay: {uniform: [1s, 1s]}}", new DelayAction(new UniformDelay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))));
        yield return Case("{delay: {normal: {mean: 100ms, stddev: 20ms}}}", new DelayAction(new NormalDelay(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20))));
        yield return Case("reorder", new ReorderAction(1, TimeSpan.FromSeconds(1)));
        yield return Case("{reorder: {after: 2, max-hold: 1s}}", new ReorderAction(2, TimeSpan.FromSeconds(1)));
        yield return Case("{reorder: {after: 3}}", new ReorderAction(3, TimeSpan.FromSeconds(1)));
        yield return Case("{reorder: {max-hold: 250ms}}", new ReorderAction(1, TimeSpan.FromMilliseconds(250)));
        yield return Case("http-error", new HttpErrorAction(503));
        yield return Case("{http-error: {status: 503}}", new HttpErrorAction(503));
        yield return Case("{http-error: {status: 400}}", new HttpErrorAction(400));
        yield return Case("{http-error: {status: 599}}", new HttpErrorAction(599));
        yield return Case("abort", new AbortAction());
        yield return Case("{abort: }", new AbortAction());
        yield return Case("{partition: {for: 3s, answer: abort}}", new PartitionAction(TimeSpan.FromSeconds(3), LostAnswer.Abort));
        yield return Case("{partition: {for: 3s}}", new PartitionAction(TimeSpan.FromSeconds(3), LostAnswer.Abort));
        yield return Case("{partition: {for: 1m, answer: empty-202}}", new PartitionAction(TimeSpan.FromMinutes(1), LostAnswer.Empty202));
        yield return Case("corrupt", new CorruptAction(CorruptionMode.Flip, 4, 0.5));
        yield return Case("{corrupt: {mode: flip, bytes: 4}}", new CorruptAction(CorruptionMode.Flip, 4, 0.5));
        yield return Case("{corrupt: {bytes: 1}}", new CorruptAction(CorruptionMode.Flip, 1, 0.5));
        yield return Case("{corrupt: {mode: truncate}}", new CorruptAction(CorruptionMode.Truncate, 4, 0.5));
        yield return Case("{corrupt: {mode: truncate, keep: 0}}", new CorruptAction(CorruptionMode.Truncate, 4, 0.0));
        yield return Case("{corrupt: {mode: truncate, keep: 0.25}}", new CorruptAction(CorruptionMode.Truncate, 4, 0.25));
    }

    public static IEnumerable<TestCaseData> Durations()
    {
        static TestCaseData Case(string text, TimeSpan expected) => new TestCaseData(text, expected).SetArgDisplayNames(text);

        yield return Case("0", TimeSpan.Zero);
        yield return Case("0ms", TimeSpan.Zero);
        yield return Case("250ms", TimeSpan.FromMilliseconds(250));
        yield return Case("0.5ms", TimeSpan.FromTicks(5_000));
        yield return Case("2s", TimeSpan.FromSeconds(2));
        yield return Case("1.5s", TimeSpan.FromMilliseconds(1_500));
        yield return Case("1m", TimeSpan.FromMinutes(1));
        yield return Case("2h", TimeSpan.FromHours(2));
        yield return Case("\"2s\"", TimeSpan.FromSeconds(2));
    }

    [TestCaseSource(nameof(ActionForms))]
    public void Every_action_form_gives_the_expected_action(string action, FaultAction expected)
    {
        var rule = SingleRule($"action: {action}");

        rule.Action.Should().Be(expected);
    }

    [Test]
    public void Action_parameters_in_block_style_read_like_flow_style()
    {
        var rule = SingleRule("""
            action:
              delay:
                normal:
                  mean: 100ms
                  stddev: 20ms
            """);

        rule.Action.Should().Be(new DelayAction(new NormalDelay(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20))));
    }

    [Test]
    public void A_rule_without_match_takes_every_request_with_the_model_defaults()
    {
        ShouldBeTheDefaultMatch(SingleRule("action: drop").Match);
    }

    [TestCase("match:")]
    [TestCase("match: ~")]
    [TestCase("match: {}")]
    public void An_empty_match_is_the_default_match(string match)
    {
        var rule = SingleRule($"""
            {match}
            action: drop
            """);

        ShouldBeTheDefaultMatch(rule.Match);
    }

    private static void ShouldBeTheDefaultMatch(FaultMatch match)
    {
        match.Direction.Should().Be(FaultDirection.Request);
        match.Kinds.Should().BeEmpty();
        match.Messages.Should().BeNull();
        match.Sessions.Should().BeNull();
        match.Attempt.Should().Be(AttemptMatch.Any);
        match.Probability.Should().Be(1.0);
        match.BurstLoss.Should().BeNull();
        match.After.Should().BeNull();
        match.For.Should().BeNull();
        match.MaxCount.Should().BeNull();
    }

    [TestCase("request", FaultDirection.Request)]
    [TestCase("response", FaultDirection.Response)]
    [TestCase("any", FaultDirection.Any)]
    public void Direction_names_map_to_the_model(string direction, FaultDirection expected)
    {
        SingleMatch($"direction: {direction}").Direction.Should().Be(expected);
    }

    [Test]
    public void Every_kind_name_maps_to_its_kind()
    {
        var names = string.Join(", ", FaultPlanYaml.MessageKindNames);

        // Both directions, since some kinds travel only one way.
        SingleMatch($"direction: any, kind: [{names}]").Kinds.Should().Equal(
            RuleMessageKind.Any,
            RuleMessageKind.CreateSequence,
            RuleMessageKind.CreateSequenceResponse,
            RuleMessageKind.Application,
            RuleMessageKind.Reply,
            RuleMessageKind.Ack,
            RuleMessageKind.AckRequested,
            RuleMessageKind.LastMessage,
            RuleMessageKind.Close,
            RuleMessageKind.Terminate,
            RuleMessageKind.Fault);
    }

    // Every kind that can travel a way loads with that direction; the ones that cannot are errors (FaultPlanYamlErrorTests).
    [TestCase("request", "any, create-sequence, application, ack, ack-requested, last-message, close, terminate, fault")]
    [TestCase("response", "any, create-sequence-response, reply, ack, ack-requested, last-message, close, terminate, fault")]
    public void Kinds_load_in_each_direction_they_travel(string direction, string kinds)
    {
        SingleMatch($"direction: {direction}, kind: [{kinds}]").Kinds.Should().HaveCount(kinds.Split(',').Length);
    }

    // Answers are matched by the number of the request they answer, so 'messages' applies to these.
    [TestCase("request", "application")]
    [TestCase("request", "last-message")]
    [TestCase("response", "reply")]
    [TestCase("response", "ack")]
    [TestCase("response", "fault")]
    [TestCase("any", "ack")]
    public void Messages_load_on_kinds_that_carry_or_answer_a_message_number(string direction, string kind)
    {
        SingleMatch($"direction: {direction}, kind: {kind}, messages: 3").Messages.Should().BeOfType<MessageNumberList>().Which.Numbers.Should().Equal(3);
    }

    [Test]
    public void A_single_kind_is_a_list_of_one()
    {
        SingleMatch("kind: application").Kinds.Should().Equal(RuleMessageKind.Application);
    }

    [Test]
    public void A_single_message_number_is_a_list_of_one()
    {
        SingleMatch("messages: 3").Messages.Should().BeOfType<MessageNumberList>().Which.Numbers.Should().Equal(3);
    }

    [Test]
    public void A_list_of_message_numbers_keeps_its_order()
    {
        SingleMatch("messages: [1, 3, 5]").Messages.Should().BeOfType<MessageNumberList>().Which.Numbers.Should().Equal(1, 3, 5);
    }

    [TestCase("\"3-7\"", 3, 7)]
    [TestCase("3-7", 3, 7)]
    [TestCase("\"4 - 4\"", 4, 4)]
    [TestCase("{from: 3, to: 7}", 3, 7)]
    [TestCase("{from: 3}", 3, long.MaxValue)]
    [TestCase("{to: 7}", 1, 7)]
    public void Message_ranges_are_inclusive_and_open_ends_reach_the_first_or_last_number(string messages, long from, long to)
    {
        SingleMatch($"messages: {messages}").Messages.Should().Be(new MessageNumberRange(from, to));
    }

    [Test]
    public void Every_nth_message_reads_as_every()
    {
        SingleMatch("messages: {every: 5}").Messages.Should().Be(new EveryNthMessage(5));
    }

    [TestCase("session: 0", new[] { 0 })]
    [TestCase("session: [0, 2]", new[] { 0, 2 })]
    public void Sessions_are_one_index_or_a_list(string session, int[] expected)
    {
        SingleMatch(session).Sessions.Should().Equal(expected);
    }

    [Test]
    public void Named_attempts_map_to_the_model()
    {
        SingleMatch("attempt: first").Attempt.Should().Be(AttemptMatch.First);
        SingleMatch("attempt: retransmission").Attempt.Should().Be(AttemptMatch.Retransmission);
        SingleMatch("attempt: any").Attempt.Should().Be(AttemptMatch.Any);
    }

    [Test]
    public void An_attempt_number_is_an_exact_attempt()
    {
        SingleMatch("attempt: 2").Attempt.Should().Be(new ExactAttempt(2));
        SingleMatch("attempt: 1").Attempt.Should().Be(AttemptMatch.First);
    }

    [TestCase("0", 0.0)]
    [TestCase("0.5", 0.5)]
    [TestCase("1", 1.0)]
    [TestCase("1.0", 1.0)]
    public void Probability_is_read_from_0_to_1(string probability, double expected)
    {
        SingleMatch($"probability: {probability}").Probability.Should().Be(expected);
    }

    [TestCaseSource(nameof(Durations))]
    public void Durations_take_ms_s_m_or_h(string text, TimeSpan expected)
    {
        SingleMatch($"after: {text}").After.Should().Be(expected);
    }

    [Test]
    public void The_full_example_gives_every_part_of_the_match()
    {
        var rule = SingleRule("""
            name: drop message 3 once
            match:
              direction: any
              kind: [application, reply]
              messages: 3
              session: [0, 2]
              attempt: first
              probability: 0.5
              after: 2s
              for: 5s
              count: 1
            action: {drop-response: {answer: abort}}
            """);

        rule.Name.Should().Be("drop message 3 once");
        rule.Match.Direction.Should().Be(FaultDirection.Any);
        rule.Match.Kinds.Should().Equal(RuleMessageKind.Application, RuleMessageKind.Reply);
        rule.Match.Messages.Should().BeOfType<MessageNumberList>().Which.Numbers.Should().Equal(3);
        rule.Match.Sessions.Should().Equal(0, 2);
        rule.Match.Attempt.Should().Be(AttemptMatch.First);
        rule.Match.Probability.Should().Be(0.5);
        rule.Match.After.Should().Be(TimeSpan.FromSeconds(2));
        rule.Match.For.Should().Be(TimeSpan.FromSeconds(5));
        rule.Match.MaxCount.Should().Be(1);
        rule.Action.Should().Be(new DropResponseAction(LostAnswer.Abort));
    }

    [Test]
    public void Rules_keep_their_order_index_name_and_position()
    {
        var (plan, _) = FaultPlanYaml.ParseProxyText(
            """
            faults:
              - name: first
                action: drop
              # a comment between rules
              - action: abort
            """,
            FileName);

        plan.Rules.Should().HaveCount(2);
        plan.Rules[0].Should().Match<FaultRule>(rule => rule.Index == 0 && rule.Name == "first" && rule.Action is DropAction);
        plan.Rules[0].Position.Should().Be(new SourcePosition(FileName, 2, 5));
        plan.Rules[1].Should().Match<FaultRule>(rule => rule.Index == 1 && rule.Name == null && rule.Action is AbortAction);
        plan.Rules[1].Position.Should().Be(new SourcePosition(FileName, 5, 5));
        plan.Rules[1].DisplayName.Should().Be("rule 2 (abort)");
    }

    [TestCase("")]
    [TestCase("# nothing but a comment")]
    [TestCase("faults:")]
    [TestCase("faults: ~")]
    [TestCase("faults: []")]
    [TestCase("name: quiet\ndescription: no faults at all")]
    public void A_file_without_rules_is_an_empty_plan(string yaml)
    {
        var (plan, seed) = FaultPlanYaml.ParseProxyText(yaml, FileName);

        plan.IsEmpty.Should().BeTrue();
        seed.Should().BeNull();
    }

    [TestCase("seed: 42", 42L)]
    [TestCase("seed: -7", -7L)]
    [TestCase("seed: 9223372036854775807", long.MaxValue)]
    public void The_seed_is_read_as_a_long(string yaml, long expected)
    {
        FaultPlanYaml.ParseProxyText(yaml, FileName).Seed.Should().Be(expected);
    }

    [Test]
    public void Parse_faults_reads_the_value_of_a_faults_key_in_a_larger_document()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("""
            workload: {messages: 10}
            faults:
              - match: {kind: ack}
                action: drop-response
            """));
        var faults = ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("faults")];

        var plan = FaultPlanYaml.ParseFaults(faults, "scenario.yaml");

        plan.Rules.Should().ContainSingle().Which.Position.Should().Be(new SourcePosition("scenario.yaml", 3, 5));
        plan.NeedsResponses.Should().BeTrue();
    }

    [Test]
    public void A_proxy_file_is_loaded_from_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fault-plan-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "seed: 7\nfaults:\n  - action: abort\n");
        try
        {
            var (plan, seed) = FaultPlanYaml.LoadProxyFile(path);

            seed.Should().Be(7);
            plan.Rules.Should().ContainSingle().Which.Position.Should().Be(new SourcePosition(path, 3, 5));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_missing_proxy_file_fails_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var error = FluentActions.Invoking(() => FaultPlanYaml.LoadProxyFile(path)).Should().Throw<ScenarioLoadException>().Which;

        error.Message.Should().Be($"{path}: file not found");
        error.File.Should().Be(path);
        error.Position.Should().BeNull();
    }

    [Test]
    public void Every_yaml_example_of_the_documentation_loads()
    {
        var examples = DocumentationExamples().ToList();

        examples.Should().NotBeEmpty();
        foreach (var (line, yaml) in examples)
        {
            FluentActions.Invoking(() => FaultPlanYaml.ParseProxyText(yaml, $"docs/fault-plan.md example at line {line}")).Should().NotThrow();
        }
    }

    /// <summary>The ```yaml blocks of docs/fault-plan.md (error examples are in ```text blocks), with their first line.</summary>
    private static IEnumerable<(int Line, string Yaml)> DocumentationExamples()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("docs", "fault-plan.md"));
        for (var start = 0; start < lines.Length; start++)
        {
            if (lines[start].Trim() != "```yaml")
            {
                continue;
            }

            var end = Array.FindIndex(lines, start + 1, line => line.Trim() == "```");
            yield return (start + 2, string.Join('\n', lines[(start + 1)..end]));
            start = end;
        }
    }

    private static FaultRule SingleRule(string ruleBody)
    {
        var indented = string.Join("\n", ruleBody.Split('\n').Select((line, i) => (i == 0 ? "  - " : "    ") + line));
        var (plan, _) = FaultPlanYaml.ParseProxyText($"faults:\n{indented}\n", FileName);
        return plan.Rules.Should().ContainSingle().Subject;
    }

    private static FaultMatch SingleMatch(string matchEntry) => SingleRule($"match: {{{matchEntry}}}\naction: drop").Match;
}
