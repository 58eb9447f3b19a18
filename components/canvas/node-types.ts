// At module scope: React Flow re-creates every node when these objects change identity.
import type { EdgeTypes, NodeTypes } from "@xyflow/react";
import { FlowEdge } from "./flow-edge.tsx";
import { FlowNode } from "./flow-node.tsx";
import { NoteNode } from "./note-node.tsx";

export const nodeTypes: NodeTypes = { step: FlowNode, note: NoteNode };
export const edgeTypes: EdgeTypes = { flow: FlowEdge };
