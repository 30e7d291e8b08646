using System.ServiceModel;
using Harness.Reliability.Journal;

namespace Harness.WcfClient.Contracts;

/// <summary>
/// The journal contract as a WCF client declares it (mixed: request-reply <c>Append</c>, one-way <c>Post</c>). A
/// contract with a request-reply operation makes WCF open a request session, whose CreateSequence offers a sequence
/// for the replies. <see cref="SessionMode.Allowed"/> lets the same contract run over a binding without a reliable
/// session (the negative control); over a reliable binding WCF still opens a session.
/// </summary>
[ServiceContract(Name = "IJournal", Namespace = JournalContract.Namespace, SessionMode = SessionMode.Allowed)]
public interface IJournalContract
{
    [OperationContract(Name = "Append", Action = JournalContract.AppendAction, ReplyAction = JournalContract.AppendResponseAction)]
    Task<int> AppendAsync(int sequence, string payload);

    [OperationContract(Name = "Post", Action = JournalContract.PostAction, IsOneWay = true)]
    Task PostAsync(int sequence, string payload);
}

/// <summary>
/// The journal contract with only the one-way <c>Post</c>: WCF opens an output session, whose CreateSequence makes no
/// Offer (the captures' <c>oneway-contract</c>).
/// </summary>
[ServiceContract(Name = "IJournal", Namespace = JournalContract.Namespace, SessionMode = SessionMode.Allowed)]
public interface IOneWayJournalContract
{
    [OperationContract(Name = "Post", Action = JournalContract.PostAction, IsOneWay = true)]
    Task PostAsync(int sequence, string payload);
}
