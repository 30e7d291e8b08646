using System.Diagnostics;
using System.Text;
using CsCheck;
using Harness.Protocol.Classification;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Tests.Shared;

namespace Harness.Protocol.Tests.Serialization;

/// <summary>
/// Property-based tests of the two readers on hostile input: any byte string, any token soup made of the captures'
/// own tags, and the real captures damaged (bit flips, truncation, inserted and deleted bytes, a header or any
/// element repeated, deep nesting). Each call must end within a bound; the full reader may only fail with
/// <see cref="WireProtocolException"/>; the classifier may not fail at all; and where both read a message they agree.
/// </summary>
[Category("Property")]
public class HostileInputProperties
{
    /// <summary>Far above any honest read (microseconds); low enough that a reader going round for ever fails fast.</summary>
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(2);

    private static readonly Lazy<IReadOnlyList<WireCapture>> Captures = new(() =>
        WireMutations.LoadCaptures(Path.Combine(AppContext.BaseDirectory, "Data")));

    /// <summary>The captures cut at every tag: recombined at random they give plausible, repeated and misplaced elements.</summary>
    private static readonly Lazy<string[]> Tags = new(() =>
        [.. Captures.Value
            .SelectMany(c => Encoding.UTF8.GetString(c.Body).Split('<', StringSplitOptions.RemoveEmptyEntries))
            .Select(fragment => "<" + fragment)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)]);

    private static Gen<byte[]> AnyBytes => Gen.Byte.Array[0, 2048];

    private static Gen<byte[]> TagSoup => Gen.Int[0, int.MaxValue].Array[0, 80]
        .Select(picks => Encoding.UTF8.GetBytes(string.Concat(picks.Select(p => Tags.Value[p % Tags.Value.Length]))));

    /// <summary>
    /// Tag soup inside an envelope's Header, with the captures' usual prefixes declared, so that most soups reach the
    /// header loops (repeated, misplaced and unclosed WS-RM and addressing headers) rather than fail on the first tag.
    /// </summary>
    private static Gen<byte[]> HeaderSoup => Gen.Select(Gen.Bool, Gen.Int[0, int.MaxValue].Array[0, 40], (rm11, picks) =>
        Encoding.UTF8.GetBytes(
            "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://www.w3.org/2005/08/addressing\" "
            + $"xmlns:r=\"{(rm11 ? "http://docs.oasis-open.org/ws-rx/wsrm/200702" : "http://schemas.xmlsoap.org/ws/2005/02/rm")}\"><s:Header>"
            + string.Concat(picks.Select(p => Tags.Value[p % Tags.Value.Length]))
            + "</s:Header><s:Body/></s:Envelope>"));

    private static Gen<Mutant> MutatedCaptures =>
        Gen.Select(
            Gen.Int[0, int.MaxValue],
            Gen.Select(Gen.Int[0, MutationStep.KindCount - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], (kind, a, b) => new MutationStep(kind, a, b)).Array[1, 3],
            (capture, steps) => Mutant.Of(Captures.Value[capture % Captures.Value.Count], steps));

    [Test]
    public void The_captures_are_there_to_mutate()
    {
        Captures.Value.Should().HaveCountGreaterThan(50, "the properties below damage the real captures");
        Tags.Value.Should().HaveCountGreaterThan(50);
    }

    [Test]
    public async Task The_reader_ends_within_the_bound_and_fails_only_with_the_typed_error_on_any_bytes() =>
        await AnyBytes.SampleAsync(bytes => ReaderShouldEndTypedAsync(bytes), iter: 3000, print: Describe);

    [Test]
    public async Task The_classifier_ends_within_the_bound_and_never_throws_on_any_bytes() =>
        await AnyBytes.SampleAsync(bytes => ClassifierShouldEndAsync(bytes), iter: 3000, print: Describe);

    [Test]
    public async Task The_reader_ends_within_the_bound_and_fails_only_with_the_typed_error_on_tag_soup() =>
        await TagSoup.SampleAsync(bytes => ReaderShouldEndTypedAsync(bytes), iter: 3000, print: Describe);

    [Test]
    public async Task The_classifier_ends_within_the_bound_and_never_throws_on_tag_soup() =>
        await TagSoup.SampleAsync(bytes => ClassifierShouldEndAsync(bytes), iter: 3000, print: Describe);

    [Test]
    public async Task The_reader_ends_within_the_bound_and_fails_only_with_the_typed_error_on_header_soup() =>
        await HeaderSoup.SampleAsync(bytes => ReaderShouldEndTypedAsync(bytes), iter: 3000, print: Describe);

    [Test]
    public async Task The_classifier_ends_within_the_bound_and_never_throws_on_header_soup() =>
        await HeaderSoup.SampleAsync(bytes => ClassifierShouldEndAsync(bytes), iter: 3000, print: Describe);

    [Test]
    public async Task The_reader_and_the_classifier_agree_wherever_both_read_header_soup() =>
        await HeaderSoup.SampleAsync(
            async bytes =>
            {
                _ = await BothShouldAgreeAsync(bytes);
            },
            iter: 3000,
            print: Describe);

    [Test]
    public async Task The_reader_ends_within_the_bound_and_fails_only_with_the_typed_error_on_damaged_captures() =>
        await MutatedCaptures.SampleAsync(mutant => ReaderShouldEndTypedAsync(mutant.Bytes), iter: 3000, print: m => m.ToString());

    [Test]
    public async Task The_classifier_ends_within_the_bound_and_never_throws_on_damaged_captures() =>
        await MutatedCaptures.SampleAsync(mutant => ClassifierShouldEndAsync(mutant.Bytes), iter: 3000, print: m => m.ToString());

    [Test]
    public async Task The_reader_and_the_classifier_agree_wherever_both_read_a_damaged_capture()
    {
        var compared = 0;
        await MutatedCaptures.SampleAsync(
            async mutant =>
            {
                if (await BothShouldAgreeAsync(mutant.Bytes))
                {
                    Interlocked.Increment(ref compared);
                }
            },
            iter: 3000,
            print: m => m.ToString());

        // Many damaged captures stay readable (a flipped bit in a payload, a repeated unknown header): enough to compare.
        compared.Should().BeGreaterThan(100);
    }

    [Test]
    public async Task The_reader_and_the_classifier_agree_on_every_undamaged_capture()
    {
        var agreed = 0;
        foreach (var capture in Captures.Value)
        {
            agreed += await BothShouldAgreeAsync(capture.Body) ? 1 : 0;
        }

        agreed.Should().BeGreaterThan(Captures.Value.Count / 2, "most captures are read by both, so the agreement is really compared");
    }

    private static async Task ReaderShouldEndTypedAsync(byte[] bytes)
    {
        var failure = await WithinBoundAsync(() =>
        {
            try
            {
                SoapMessageReader.Read(bytes);
                return null;
            }
            catch (WireProtocolException)
            {
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        });

        if (failure is not null)
        {
            throw new AssertionException($"the reader threw {failure.GetType().Name} instead of WireProtocolException: {failure}");
        }
    }

    private static async Task ClassifierShouldEndAsync(byte[] bytes)
    {
        var failure = await WithinBoundAsync(() =>
        {
            try
            {
                MessageClassifier.Classify(bytes);
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        });

        if (failure is not null)
        {
            throw new AssertionException($"the classifier threw {failure.GetType().Name}: {failure}");
        }
    }

    /// <summary>
    /// Compares what both readers say of a message both can read; returns whether there was anything to compare.
    /// (Never handed to CsCheck as is: it takes a Func returning Task&lt;bool&gt; as a predicate where false fails.)
    /// </summary>
    private static async Task<bool> BothShouldAgreeAsync(byte[] bytes)
    {
        var (read, classified) = await WithinBoundAsync(() =>
            (SoapMessageReader.TryRead(bytes, out var message, out _) ? message : null, MessageClassifier.Classify(bytes)));
        if (read is null || classified.Error is not null)
        {
            return false;
        }

        var expected = ExpectedClassification(read);
        var actual = (classified.Kind, SequenceId: classified.Kind == MessageKind.Fault ? null : classified.SequenceId, classified.MessageNumber, classified.IsLastMessage, classified.Action);
        if (actual != expected)
        {
            throw new AssertionException($"the classifier says {actual}; the reader's message says {expected}");
        }

        return true;
    }

    /// <summary>
    /// What the classifier should report of a message the full reader read. A fault's sequence is left out: the
    /// classifier looks for it in several places and the reader keeps the detail as XML.
    /// </summary>
    private static (MessageKind Kind, string? SequenceId, long MessageNumber, bool IsLastMessage, string? Action) ExpectedClassification(SoapMessage message)
    {
        var sequenceId = message.Sequence?.Identifier;
        var (kind, id) = message.Body switch
        {
            SoapFault => (MessageKind.Fault, null),
            CreateSequence => (MessageKind.CreateSequence, sequenceId),
            CreateSequenceResponse response => (MessageKind.CreateSequenceResponse, response.Identifier),
            CloseSequence close => (MessageKind.CloseSequence, close.Identifier),
            CloseSequenceResponse closed => (MessageKind.CloseSequenceResponse, closed.Identifier),
            TerminateSequence terminate => (MessageKind.TerminateSequence, terminate.Identifier),
            TerminateSequenceResponse terminated => (MessageKind.TerminateSequenceResponse, terminated.Identifier),
            _ => (KindWithoutProtocolBody(message), sequenceId ?? message.AckRequests.FirstOrDefault()?.Identifier ?? message.Acknowledgements.FirstOrDefault()?.Identifier),
        };

        return (kind, id, message.Sequence?.MessageNumber ?? 0, message.Sequence?.LastMessage ?? false, message.Action);
    }

    private static MessageKind KindWithoutProtocolBody(SoapMessage message)
    {
        var rm = message.ReliableMessaging;
        var operation = rm is not null && message.Action is { } action && action.StartsWith(rm.Namespace + "/", StringComparison.Ordinal)
            ? action[(rm.Namespace.Length + 1)..]
            : null;
        return operation switch
        {
            "LastMessage" => MessageKind.LastMessage,
            "AckRequested" => MessageKind.AckRequested,
            "SequenceAcknowledgement" => MessageKind.Acknowledgement,
            _ when message.Sequence is not null || message.Body is ApplicationBody { IsEmpty: false } || message.Action is not null => MessageKind.Application,
            _ => MessageKind.Unknown,
        };
    }

    /// <summary>Runs a read on the pool and fails when it has not ended within <see cref="CallBound"/>.</summary>
    private static async Task<T> WithinBoundAsync<T>(Func<T> read)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return await Task.Run(read).WaitAsync(CallBound);
        }
        catch (TimeoutException)
        {
            throw new AssertionException($"the read did not end within {CallBound.TotalSeconds:0} s (after {watch.Elapsed.TotalSeconds:0.0} s it was still going)");
        }
    }

    private static string Describe(byte[] bytes) =>
        $"{bytes.Length} bytes: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 256)))} / \"{Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 256)))}\"";

    /// <summary>A damaged capture, printed as its name and the steps that damaged it so a failure can be replayed.</summary>
    private sealed record Mutant(string Capture, IReadOnlyList<MutationStep> Steps, byte[] Bytes)
    {
        public static Mutant Of(WireCapture capture, MutationStep[] steps) => new(capture.Name, steps, WireMutations.Apply(capture.Body, steps));

        public override string ToString() => $"{Capture} after {string.Join("; ", Steps)} ({Bytes.Length} bytes)";
    }
}
