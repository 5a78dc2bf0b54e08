import { useEffect, useRef, useState } from "react";

function format(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h ? 2 : 1, "0");
  return `${h ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

const WARN_AT_MINUTES = [10, 5, 1];

/**
 * The time left until the server's deadline. The server sends its own clock with the page, so a
 * wrong clock on the candidate's device does not move the deadline; without scripts the server's
 * figure at page load is shown with the deadline itself.
 */
export function MockTimer({ deadline, serverNow, onExpire }: { deadline: string; serverNow: string; onExpire: () => void }) {
  const deadlineMs = new Date(deadline).getTime();
  const initial = deadlineMs - new Date(serverNow).getTime();
  const [left, setLeft] = useState(initial);
  const [announce, setAnnounce] = useState("");
  const expired = useRef(false);
  const warned = useRef(new Set<number>());

  useEffect(() => {
    // Offset between the device clock and the server clock, fixed when the page loads.
    const offset = new Date(serverNow).getTime() - Date.now();
    const tick = () => {
      const ms = deadlineMs - (Date.now() + offset);
      setLeft(ms);
      for (const m of WARN_AT_MINUTES) {
        if (ms <= m * 60_000 && ms > (m - 1) * 60_000 && !warned.current.has(m)) {
          warned.current.add(m);
          setAnnounce(`${m} minute${m === 1 ? "" : "s"} left.`);
        }
      }
      if (ms <= 0 && !expired.current) {
        expired.current = true;
        onExpire();
      }
    };
    tick();
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, [deadlineMs, serverNow, onExpire]);

  const low = left <= 5 * 60_000;
  const until = new Date(deadline).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  return (
    <div className="flex items-center gap-2">
      <span className={`rounded-md px-2 py-1 font-mono text-base font-semibold tabular-nums ${low ? "bg-weak-bg text-weak" : "bg-white text-slate-900"}`} role="timer" aria-label={`Time left: ${format(left)}`} data-testid="timer">
        {format(left)}
      </span>
      <span className="hidden text-xs text-slate-600 sm:inline">ends {until} UTC</span>
      <span className="sr-only" aria-live="assertive">{announce}</span>
    </div>
  );
}
