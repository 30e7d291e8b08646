using Harness.Proxy.Faults.Yaml;
using Harness.Yaml;

namespace Harness.Proxy.Tests.Faults;

/// <summary>
/// Every malformed fault file fails with a <see cref="ScenarioLoadException"/> at the exact line and column of the
/// mistake, with a one-line message that starts with the file name and names what was expected.
/// </summary>
public class FaultPlanYamlErrorTests
{
    private const string FileName = "faults.yaml";
    private const string AllActions = "abort, corrupt, delay, drop, drop-response, duplicate, http-error, partition, reorder";

    public static IEnumerable<TestCaseData> MalformedFiles()
    {
        static TestCaseData Case(string name, string yaml, string position, string fragment) =>
            new TestCaseData(yaml, position, fragment).SetArgDisplayNames(name);

        // Syntax, as YamlDotNet reports it.
        yield return Case("tab as indentation", "faults:\n\t- action: drop\n", "2:1", "tab");
        yield return Case("tab in a rule's indentation", "faults:\n  - action: drop\n\tname: x\n", "3:1", "tab");
        yield return Case("unclosed flow mapping", """
            faults:
              - action: {drop: {answer: abort}
            """, "3:1", "While parsing a flow mapping, did not find expected ',' or '}'");
        yield return Case("block sequences nested deeper than the limit", "faults:\n" + string.Concat(Enumerable.Range(1, 70).Select(level => new string(' ', 2 * level) + "-\n")), "65:129", "nesting deeper than 64 levels");
        yield return Case("flow sequences nested 100 KB deep", "faults: " + new string('[', 100_000) + new string(']', 100_000), "1:72", "nesting deeper than 64 levels");
        yield return Case("unclosed flow sequences nested 100 KB deep", "faults: " + new string('[', 100_000), "1:72", "nesting deeper than 64 levels");
        // Rules no message can satisfy.
        foreach (var (kind, direction, fix) in new[]
        {
            ("reply", "request", "use 'direction: response', or 'kind: application' for the requests"),
            ("application", "response", "use 'direction: request', or 'kind: reply' for the answers"),
            ("create-sequence", "response", "use 'direction: request', or 'kind: create-sequence-response' for the answer"),
            ("create-sequence-response", "request", "use 'direction: response', or 'kind: create-sequence' for the request"),
        })
        {
            yield return Case($"{kind} in the {direction} direction", $"faults:\n  - match: {{direction: {direction}, kind: {kind}}}\n    action: drop\n", "2:5", $"this rule can never match: '{kind}' never travels in the {direction} direction; {fix}");
        }

        yield return Case("reply in the default direction", "faults:\n  - match: {kind: reply}\n    action: drop\n", "2:5", "'reply' never travels in the request direction (the default); use 'direction: response'");
        yield return Case("one kind of a list in the wrong direction", "faults:\n  - name: x\n    match: {direction: response, kind: [reply, application]}\n    action: drop\n", "2:5", "'application' never travels in the response direction; remove it from 'kind'");
        foreach (var (kind, direction) in new[] { ("create-sequence", "any"), ("create-sequence-response", "response"), ("ack", "request"), ("ack-requested", "request"), ("close", "request"), ("terminate", "request") })
        {
            yield return Case($"messages of {kind} in the {direction} direction", $"faults:\n  - match: {{direction: {direction}, kind: {kind}, messages: 1}}\n    action: drop\n", "2:5", $"this rule can never match: '{kind}' ");
        }

        yield return Case("unterminated quoted string", """
            faults:
              - name: 'never closed
                action: drop
            """, "2:11", "quoted scalar");
        yield return Case("duplicate key in a rule", """
            faults:
              - action: drop
                action: abort
            """, "3:5", "duplicate key 'action'");
        yield return Case("duplicate top-level key", """
            seed: 1
            seed: 2
            """, "2:1", "duplicate key 'seed'");
        yield return Case("second YAML document", """
            faults: []
            ---
            seed: 1
            """, "3:1", "expected a single YAML document, found a second one");

        // Structure.
        yield return Case("root is a list", """
            - action: drop
            """, "1:1", "a fault file must be a mapping, got a list");
        yield return Case("unknown top-level key", """
            seed: 1
            fautls: []
            """, "2:1", "unknown key 'fautls'; expected one of name, description, seed, faults");
        yield return Case("faults is a mapping", """
            faults:
              action: drop
            """, "2:3", "'faults' must be a list, got a mapping");
        yield return Case("rule is a bare action name", """
            faults:
              - drop
            """, "2:5", "a rule must be a mapping, got 'drop'");
        yield return Case("rule key is not a name", """
            faults:
              - {[a]: 1, action: drop}
            """, "2:6", "keys of a rule must be names, got a list");
        yield return Case("unknown key in a rule", """
            faults:
              - action: drop
                when: {kind: ack}
            """, "3:5", "unknown key 'when'; expected one of name, match, action");
        yield return Case("rule without action", """
            faults:
              - name: no action here
                match: {kind: ack}
            """, "2:5", $"a rule needs 'action', one of {AllActions}");
        yield return Case("empty rule name", """
            faults:
              - name: ""
                action: drop
            """, "2:11", "'name' must be text, got the string \"\"");
        yield return Case("seed is not an integer", """
            seed: forty-two
            """, "1:7", "'seed' must be an integer, got 'forty-two'");

        // match:
        yield return Case("match is a list", """
            faults:
              - match: [ack]
                action: drop
            """, "2:12", "'match' must be a mapping, got a list");
        yield return Case("unknown key in match", """
            faults:
              - match:
                  kinds: ack
                action: drop
            """, "3:7", "unknown key 'kinds'; expected one of direction, kind, messages, session, attempt, probability, burst-loss, after, for, count");
        yield return Case("unknown direction", """
            faults:
              - match: {direction: inbound}
                action: drop
            """, "2:24", "unknown direction 'inbound'; expected one of request, response, any");
        yield return Case("unknown kind in a list", """
            faults:
              - match: {kind: [ack, nack]}
                action: drop
            """, "2:25", "unknown kind 'nack'; expected one of any, create-sequence, create-sequence-response, application, reply, ack, ack-requested, last-message, close, terminate, fault");
        yield return Case("kind unknown is not for rules", """
            faults:
              - match: {kind: unknown}
                action: drop
            """, "2:19", "unknown kind 'unknown'");
        yield return Case("empty kind list", """
            faults:
              - match: {kind: []}
                action: drop
            """, "2:19", "'kind' must list at least one value, got an empty list");
        yield return Case("probability is a word", """
            faults:
              - match: {probability: high}
                action: drop
            """, "2:26", "'probability' must be a number from 0 to 1, got 'high'");
        yield return Case("probability above 1", """
            faults:
              - match:
                  probability: 1.5
                action: drop
            """, "3:20", "'probability' must be a number from 0 to 1, got '1.5'");
        yield return Case("message range backwards", """
            faults:
              - match: {messages: "7-3"}
                action: drop
            """, "2:23", "'messages' range starts at 7 but ends before it, at 3");
        yield return Case("message range from 0", """
            faults:
              - match: {messages: 0-3}
                action: drop
            """, "2:23", "'messages' range must run between message numbers >= 1, got '0-3'");
        yield return Case("message number 0", """
            faults:
              - match: {messages: 0}
                action: drop
            """, "2:23", "'messages' must be an integer >= 1, got '0'");
        yield return Case("messages is a word", """
            faults:
              - match: {messages: last}
                action: drop
            """, "2:23", "'messages' must be a message number >= 1, a list of them, a range such as \"3-7\", {every: n} or {from: a, to: b}, got 'last'");
        yield return Case("every 0", """
            faults:
              - match: {messages: {every: 0}}
                action: drop
            """, "2:31", "'every' must be an integer >= 1, got '0'");
        yield return Case("every with from", """
            faults:
              - match: {messages: {every: 2, from: 3}}
                action: drop
            """, "2:34", "'every' cannot be combined with 'from'");
        yield return Case("from after to", """
            faults:
              - match:
                  messages: {from: 9, to: 4}
                action: drop
            """, "3:31", "'messages' range starts at 9 but ends before it, at 4");
        yield return Case("negative session", """
            faults:
              - match: {session: [0, -2]}
                action: drop
            """, "2:26", "'session' must be an integer >= 0, got '-2'");
        yield return Case("attempt 0", """
            faults:
              - match: {attempt: 0}
                action: drop
            """, "2:22", "'attempt' must be an integer >= 1, got '0'");
        yield return Case("unknown attempt name", """
            faults:
              - match: {attempt: second}
                action: drop
            """, "2:22", "unknown attempt 'second'; expected one of first, retransmission, any, or an attempt number >= 1");
        yield return Case("duration without a unit word", """
            faults:
              - match:
                  after: 2 seconds
                action: drop
            """, "3:14", "'after' must be a duration such as 250ms, 2s, 1.5s or 1m, got '2 seconds'");
        yield return Case("duration without a unit", """
            faults:
              - match: {after: 5}
                action: drop
            """, "2:20", "'after' must be a duration");
        yield return Case("duration too long for a TimeSpan", """
            faults:
              - match: {after: 99999999999999999999h}
                action: drop
            """, "2:20", "'after' must be a duration");
        yield return Case("kind is a mapping", """
            faults:
              - match: {kind: {a: 1}}
                action: drop
            """, "2:19", "'kind' must be one of any, create-sequence");
        yield return Case("window of 0", """
            faults:
              - match: {for: 0s}
                action: drop
            """, "2:18", "'for' must be a duration > 0");
        yield return Case("count 0", """
            faults:
              - match:
                  count: 0
                action: drop
            """, "3:14", "'count' must be an integer >= 1, got '0'");

        // action:
        yield return Case("unknown action", """
            faults:
              - action: dorp
            """, "2:13", $"unknown action 'dorp'; expected one of {AllActions}");
        yield return Case("unknown action with parameters", """
            faults:
              - action: {dorp: {answer: abort}}
            """, "2:14", $"unknown action 'dorp'; expected one of {AllActions}");
        yield return Case("action names are case-sensitive", """
            faults:
              - action: Drop
            """, "2:13", "unknown action 'Drop'");
        yield return Case("multi-line action name", """
            faults:
              - action: |
                  drop
                  now
            """, "2:13", "unknown action 'drop\\nnow'");
        yield return Case("action without value", """
            faults:
              - action:
            """, "2:12", $"'action' must be an action name or {{name: parameters}}, got nothing; expected one of {AllActions}");
        yield return Case("action mapping with a second key", """
            faults:
              - action:
                  drop:
                  answer: abort
            """, "4:7", "an action mapping has a single key, the action's name; found a second key 'answer'");
        yield return Case("unknown action parameter", """
            faults:
              - action: {duplicate: {count: 2}}
            """, "2:26", "unknown key 'count'; expected one of copies");
        yield return Case("negative copies", """
            faults:
              - action:
                  duplicate:
                    copies: -1
            """, "4:17", "'copies' must be an integer >= 1, got '-1'");
        yield return Case("quoted number", """
            faults:
              - action: {duplicate: {copies: "2"}}
            """, "2:34", "'copies' must be an integer >= 1, got the string \"2\"");
        yield return Case("unknown answer", """
            faults:
              - action: {drop: {answer: reset}}
            """, "2:29", "unknown answer 'reset'; expected one of empty-202, abort");
        yield return Case("bare delay", """
            faults:
              - action: delay
            """, "2:13", "'delay' needs one of fixed, uniform, normal, e.g. {delay: 200ms}");
        yield return Case("delay is a list", """
            faults:
              - action: {delay: [1s]}
            """, "2:21", "'delay' must be a duration or a mapping with one of fixed, uniform, normal, got a list");
        yield return Case("delay with two distributions", """
            faults:
              - action:
                  delay:
                    fixed: 1s
                    normal: {mean: 1s, stddev: 0}
            """, "5:9", "'delay' takes only one of fixed, uniform, normal; found both 'fixed' and 'normal'");
        yield return Case("uniform min above max", """
            faults:
              - action: {delay: {uniform: [300ms, 50ms]}}
            """, "2:39", "'uniform' max '50ms' is less than min '300ms'");
        yield return Case("uniform with one bound", """
            faults:
              - action: {delay: {uniform: [50ms]}}
            """, "2:31", "'uniform' must be a list of two durations [min, max], got a list");
        yield return Case("normal without stddev", """
            faults:
              - action: {delay: {normal: {mean: 100ms}}}
            """, "2:30", "'normal' needs 'stddev', e.g. {normal: {mean: 100ms, stddev: 20ms}}");
        yield return Case("reorder without hold", """
            faults:
              - action: {reorder: {max-hold: 0ms}}
            """, "2:34", "'max-hold' must be a duration > 0");
        yield return Case("http status 200", """
            faults:
              - action: {http-error: {status: 200}}
            """, "2:35", "'status' must be an integer from 400 to 599, got '200'");
        yield return Case("abort with a parameter", """
            faults:
              - action: {abort: {status: 500}}
            """, "2:22", "unknown key 'status'; 'abort' takes no parameters");
        yield return Case("bare partition", """
            faults:
              - action: partition
            """, "2:13", "'partition' needs 'for', e.g. {partition: {for: 3s}}");
        yield return Case("partition for 0", """
            faults:
              - action: {partition: {for: 0}}
            """, "2:31", "'for' must be a duration > 0");
        yield return Case("unknown corruption mode", """
            faults:
              - action: {corrupt: {mode: shuffle}}
            """, "2:30", "unknown mode 'shuffle'; expected one of flip, truncate");
        yield return Case("bytes with truncate", """
            faults:
              - action:
                  corrupt: {mode: truncate, bytes: 3}
            """, "3:33", "'bytes' applies only to mode flip");
        yield return Case("keep with flip", """
            faults:
              - action: {corrupt: {keep: 0.9}}
            """, "2:24", "'keep' applies only to mode truncate");
        yield return Case("keep of 1", """
            faults:
              - action: {corrupt: {mode: truncate, keep: 1}}
            """, "2:46", "'keep' must be a number >= 0 and < 1, got '1'");
    }

    [TestCaseSource(nameof(MalformedFiles))]
    public void A_malformed_file_fails_at_the_mistake_with_a_one_line_message(string yaml, string position, string fragment)
    {
        var error = FluentActions.Invoking(() => FaultPlanYaml.ParseProxyText(yaml, FileName)).Should().Throw<ScenarioLoadException>().Which;

        $"{error.Line}:{error.Column}".Should().Be(position);
        error.File.Should().Be(FileName);
        error.Message.Should().StartWith($"{FileName}:{position}: ").And.Contain(fragment);
        error.Message.Should().NotContainAny("\n", "\r", "   at ", "Exception");
        error.Message.Should().Be($"{FileName}:{position}: {error.Reason}");
    }

    [Test]
    public void Parse_faults_reports_errors_in_the_scenario_file_it_is_given()
    {
        var root = YamlSource.Parse("faults:\n  - action: dorp\n", "scenario.yaml")!;
        var faults = ((YamlDotNet.RepresentationModel.YamlMappingNode)root).Children.Values.Single();

        var error = FluentActions.Invoking(() => FaultPlanYaml.ParseFaults(faults, "scenario.yaml")).Should().Throw<ScenarioLoadException>().Which;

        error.Message.Should().StartWith("scenario.yaml:2:13: unknown action 'dorp'");
    }

    [Test]
    public void A_syntax_error_keeps_the_yamldotnet_exception_as_its_cause()
    {
        var error = FluentActions.Invoking(() => FaultPlanYaml.ParseProxyText("faults: [\n", FileName)).Should().Throw<ScenarioLoadException>().Which;

        error.InnerException.Should().BeAssignableTo<YamlDotNet.Core.YamlException>();
    }
}
