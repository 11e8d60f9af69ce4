"""The registry clerk's workspace (burgerzaken), without Qt: receiving sealed registrations
from the office service, the queue with its legal clock, outcomes, warnings, exports."""
