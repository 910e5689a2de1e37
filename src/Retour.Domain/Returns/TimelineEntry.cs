namespace Retour.Domain.Returns;

/// <summary>One step in a return's history: when, who, from which state to which, and why.</summary>
public sealed class TimelineEntry
{
    private TimelineEntry()
    {
        ActorName = Event = string.Empty;
    }

    internal TimelineEntry(Guid id, int sequence, DateTimeOffset at, Actor actor, ReturnStatus? from, ReturnStatus to, string @event, string? note)
    {
        Id = id;
        Sequence = sequence;
        At = at;
        ActorKind = actor.Kind;
        ActorName = actor.Name;
        From = from;
        To = to;
        Event = @event;
        Note = note;
    }

    /// <summary>Internal key, time-ordered.</summary>
    public Guid Id { get; private set; }

    /// <summary>Its place in the history, from 0: two steps can share an instant but never a place.</summary>
    public int Sequence { get; private set; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>What kind of actor did it.</summary>
    public ActorKind ActorKind { get; private set; }

    /// <summary>Who did it.</summary>
    public string ActorName { get; private set; }

    /// <summary>State before; null for the first entry.</summary>
    public ReturnStatus? From { get; private set; }

    /// <summary>State after.</summary>
    public ReturnStatus To { get; private set; }

    /// <summary>The event's name (ReturnApproved, ItemsReceived…).</summary>
    public string Event { get; private set; }

    /// <summary>Why, in words: the message, reason or detail.</summary>
    public string? Note { get; private set; }
}
