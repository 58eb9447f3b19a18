"use client";

// Node kinds name their icon in lucide's kebab-case. The kinds' icons are imported statically (no
// flash, no request per icon); an unknown name falls back to lucide's lazy DynamicIcon.
import {
  ArrowLeftRight, BadgeCheck, Blocks, Boxes, Braces, CalendarClock, CircleStop, Clock, Code, CodeXml, Database, DatabaseZap, Factory,
  Flag, GitBranch, GitFork, Globe, Hand, Hourglass, MousePointerClick, Play, Radio, RadioTower, Rss, Send, Server,
  Split, Table, Timer, UserCheck, Webhook, Workflow, Zap, type LucideIcon,
} from "lucide-react";
import { DynamicIcon, type IconName } from "lucide-react/dynamic";
import { memo } from "react";

const ICONS: Record<string, LucideIcon> = {
  "arrow-left-right": ArrowLeftRight, "badge-check": BadgeCheck, blocks: Blocks, boxes: Boxes, braces: Braces,
  "calendar-clock": CalendarClock, "circle-stop": CircleStop, clock: Clock, code: Code, "code-xml": CodeXml, database: Database, "database-zap": DatabaseZap,
  factory: Factory, flag: Flag, "git-branch": GitBranch, "git-fork": GitFork, globe: Globe, hand: Hand,
  hourglass: Hourglass, "mouse-pointer-click": MousePointerClick, play: Play, radio: Radio, "radio-tower": RadioTower,
  rss: Rss, send: Send, server: Server, split: Split, table: Table, timer: Timer, "user-check": UserCheck,
  webhook: Webhook, workflow: Workflow, zap: Zap,
};

export const NodeIcon = memo(function NodeIcon({ name, className }: { name: string; className?: string }) {
  const Icon = ICONS[name];
  if (Icon) return <Icon aria-hidden="true" className={className} />;
  return <DynamicIcon name={name as IconName} aria-hidden="true" className={className} fallback={() => <Blocks aria-hidden="true" className={className} />} />;
});
