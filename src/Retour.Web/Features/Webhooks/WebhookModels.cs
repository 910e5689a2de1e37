namespace Retour.Web.Features.Webhooks;

/// <summary>An administrator's subscription of one URL to some of Retour's events (decision 0018, docs/webhooks.md).</summary>
public sealed class WebhookSubscription
{
    /// <summary>Longest URL accepted.</summary>
    public const int MaxUrl = 2000;

    /// <summary>Longest description accepted.</summary>
    public const int MaxDescription = 200;

    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; set; }

    /// <summary>Where deliveries are POSTed (https, or http to the loopback when allowed).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The public event names it receives, space-separated, or <c>*</c> for all.</summary>
    public string Events { get; set; } = string.Empty;

    /// <summary>What it is for, for people.</summary>
    public string? Description { get; set; }

    /// <summary>The signing secret, encrypted with the host's Data Protection keys (never stored in clear).</summary>
    public string ProtectedSecret { get; set; } = string.Empty;

    /// <summary>The secret's last four characters, to tell secrets apart.</summary>
    public string SecretHint { get; set; } = string.Empty;

    /// <summary>The secret before the last rotation (encrypted), still signing beside the new one until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousProtectedSecret { get; set; }

    /// <summary>When the previous secret stops signing.</summary>
    public DateTimeOffset? PreviousSecretUntil { get; set; }

    /// <summary>A paused subscription records no new deliveries and its pending ones wait.</summary>
    public bool Paused { get; set; }

    /// <summary>When created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who created it (staff email or API key name).</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>The event names as a set.</summary>
    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when it receives <paramref name="eventName"/>.</summary>
    public bool Receives(string eventName) => EventList.Any(e => e == WebhookEvents.All || string.Equals(e, eventName, StringComparison.Ordinal));
}

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Succeeded,

    /// <summary>Retried for the whole retry window without a 2xx; only a manual re-send tries again.</summary>
    Failed,
}

/// <summary>One event for one subscription: the delivery log's row, with the last attempt's outcome.</summary>
public sealed class WebhookDelivery
{
    /// <summary>Longest error kept.</summary>
    public const int MaxError = 500;

    /// <summary>Sequential key (the list's cursor).</summary>
    public long Id { get; set; }

    /// <summary>The subscription.</summary>
    public Guid SubscriptionId { get; set; }

    /// <summary>The outbox message it comes from, sent as <c>Retour-Event-Id</c> (one delivery per message and subscription).</summary>
    public Guid EventId { get; set; }

    /// <summary>The public event name, e.g. <c>return.approved</c>.</summary>
    public string Event { get; set; } = string.Empty;

    /// <summary>The JSON body, exactly as signed and sent.</summary>
    public string Body { get; set; } = string.Empty;

    /// <summary>Where it stands.</summary>
    public WebhookDeliveryStatus Status { get; set; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; set; }

    /// <summary>When recorded.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next attempt is due (pending only).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Retried until then (24 h after it was recorded or last re-sent), then failed.</summary>
    public DateTimeOffset RetryUntil { get; set; }

    /// <summary>A dispatcher is sending it until then.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }

    /// <summary>The dispatcher sending it.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>When the last attempt was made.</summary>
    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>The last attempt's HTTP status (null when no answer came).</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>How long the last attempt took, in milliseconds.</summary>
    public int? LastDurationMs { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; set; }

    /// <summary>When a 2xx came back.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>Webhook settings (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Webhooks";

    /// <summary>Runs the dispatcher in this host (default true; <c>Workers:Enabled=false</c> also stops it).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>Attempts in flight at once, over all subscriptions.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Attempts in flight at once to one subscription: a slow URL holds at most this many slots.</summary>
    public int PerSubscriptionConcurrency { get; set; } = 16;

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a delivery is retried after it is recorded (or re-sent).</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry's delay; each next one doubles it.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound of the delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long the dispatcher waits, once woken by new work or a finished attempt, before it leases: the slots freed
    /// meanwhile are filled by one lease rather than one lease each.
    /// </summary>
    public TimeSpan Coalesce { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How often an idle dispatcher looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a dispatcher holds a delivery it is sending (longer than <see cref="Timeout"/>).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Allows <c>http://</c> to 127.0.0.1, [::1] and localhost (tests, a receiver on the same machine). Default: true
    /// outside Production.
    /// </summary>
    public bool? AllowHttpLoopback { get; set; }

    /// <summary>
    /// Allows targets in private, loopback and link-local networks (SSRF guard). Default: true outside Production. The
    /// address is checked when the connection is made, after DNS, so a name that resolves inside is refused too.
    /// </summary>
    public bool? AllowPrivateNetworks { get; set; }
}

/// <summary>Who may manage webhooks: administrators only.</summary>
public static class WebhookPolicies
{
    /// <summary>Back-office pages.</summary>
    public const string Manage = Staff.StaffPolicies.ManageIntegrations;

    /// <summary>The API (an API key whose roles include Admin).</summary>
    public const string ManageApi = "api:" + Staff.StaffPolicies.ManageIntegrations;
}
