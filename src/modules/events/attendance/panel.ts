import QRCode from "qrcode";
import type { EventPanel } from "../panels";
import { eventPath, eventPhase } from "../queries";
import { joinPath, joinToken } from "./codes";
import { hasAttended, ownRegistration } from "./queries";
import { organiserAttendanceAside, ownAttendanceSection } from "./views";

/**
 * The attendance section of the event page. The personal join link is built here, for the signed-in viewer's own
 * confirmed registration only — never for anyone else, never in a cached or public part of the page — and only
 * while the event is online or hybrid and not over. In-person and hybrid events show the check-in code and its
 * QR code (a link to the organisers' check-in page with the code, for a phone camera at the door).
 */
export const attendancePanel: EventPanel = async ({ request, view, space, event, canManage, now }) => {
  const { db, config } = request.server.services;
  const basePath = eventPath(space.slug, event.slug);
  const phase = eventPhase(event, now);
  const aside = canManage && phase !== "draft" ? organiserAttendanceAside(view, { basePath, isOnline: event.kind !== "in_person" }) : null;
  const registration = request.user ? await ownRegistration(db, event.id, request.user.id) : undefined;
  if (!registration || registration.status !== "confirmed" || phase === "cancelled" || phase === "draft") return { main: null, aside };
  const isJoinShown = event.kind !== "in_person" && phase !== "ended";
  const isCheckInShown = event.kind !== "online" && phase !== "ended";
  const joinUrl = isJoinShown && event.hasMeetingUrl ? joinPath(await joinToken(db, registration.id, event.joinEpoch)) : null;
  const checkInUrl = `${config.publicUrl}${basePath}/check-in?code=${registration.checkInCode}`;
  const qrSvg = isCheckInShown ? await QRCode.toString(checkInUrl, { type: "svg", margin: 1, width: 176, errorCorrectionLevel: "M" }) : null;
  const certificatePath = hasAttended(registration) ? `${basePath}/certificate` : null;
  return { main: ownAttendanceSection(view, { registration, joinUrl, isJoinShown, isCheckInShown, qrSvg, certificatePath, timeZone: event.timeZone }), aside };
};
