// The notification server actions as the bell and the page receive them (components never import app/).
import type { NotificationActions } from "../../../components/notifications/use-notifications.ts";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions.ts";

export const notificationActions: NotificationActions = { markRead: markNotificationReadAction, markAllRead: markAllNotificationsReadAction };
