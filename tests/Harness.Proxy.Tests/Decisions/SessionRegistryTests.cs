using Harness.Protocol.Classification;
using Harness.Proxy.Decisions;
using Harness.Proxy.Faults;

namespace Harness.Proxy.Tests.Decisions;

/// <summary>The proxy's count of sends per message: exact for recent messages, bounded in memory whatever the traffic.</summary>
public class SessionRegistryTests
{
    [Test]
    public void A_resend_counts_as_the_second_send_of_its_message()
    {
        var registry = new SessionRegistry();

        registry.NextAttempt(0, RuleMessageKind.Application, Message(1)).Should().Be(1);
        registry.NextAttempt(0, RuleMessageKind.Application, Message(2)).Should().Be(1);
        registry.NextAttempt(0, RuleMessageKind.Application, Message(1)).Should().Be(2);
        registry.NextAttempt(1, RuleMessageKind.Application, Message(1)).Should().Be(1, "another session's message 1 is another message");
    }

    [Test]
    public void Past_its_limit_the_registry_forgets_the_oldest_messages_and_keeps_counting_the_recent_ones()
    {
        const int limit = 8;
        var registry = new SessionRegistry(limit);

        for (var number = 1; number <= 100; number++)
        {
            registry.NextAttempt(0, RuleMessageKind.Application, Message(number));
            registry.RememberedSends.Should().BeLessThanOrEqualTo(limit);
        }

        registry.NextAttempt(0, RuleMessageKind.Application, Message(100)).Should().Be(2, "the latest message is remembered");
        registry.NextAttempt(0, RuleMessageKind.Application, Message(1)).Should().Be(1, "the oldest was forgotten to stay within the limit");
        registry.RememberedSends.Should().BeLessThanOrEqualTo(limit);
    }

    private static MessageClassification Message(long number) =>
        new() { Kind = MessageKind.Application, SequenceId = "urn:uuid:s", MessageNumber = number };
}
