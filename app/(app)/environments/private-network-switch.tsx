"use client";

// The "Allow calls to private network addresses" switch of one environment. Turning it on for a
// protected environment (production) asks for confirmation first; turning it off never does.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Switch } from "../../../components/config/controls.tsx";
import { useFlowAction } from "../../../components/flows/use-flow-action.ts";
import { Button } from "../../../components/ui/button.tsx";
import { Modal, ModalBody, ModalFooter } from "../../../components/ui/modal.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { setPrivateNetworkAction } from "./actions.ts";

export type NetworkEnvironment = { id: string; key: string; name: string; protected: boolean; allowPrivateNetwork: boolean };

export function PrivateNetworkSwitch({ environment }: { environment: NetworkEnvironment }) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [allowed, setAllowed] = useState(environment.allowPrivateNetwork);
  const [confirming, setConfirming] = useState(false);
  const mutation = useFlowAction(setPrivateNetworkAction, {
    toastErrors: true,
    onSuccess: (data) => {
      setAllowed(data.allowPrivateNetwork);
      setConfirming(false);
      toast(data.allowPrivateNetwork ? `${environment.name} now allows calls to private network addresses` : `${environment.name} refuses calls to private network addresses again`);
      router.refresh();
    },
  });

  const change = (allow: boolean) => {
    if (allow && environment.protected) setConfirming(true);
    else mutation.mutate({ environmentId: environment.id, allow });
  };

  return (
    <div className="flex items-start gap-3 sm:w-[25rem]">
      <Switch id={id} checked={allowed} onChange={change} disabled={mutation.isPending} labelledBy={`${id}-label`} describedBy={`${id}-state`} />
      <div className="min-w-0">
        <p id={`${id}-label`} className="text-sm font-medium text-zinc-900">
          Allow calls to private network addresses
        </p>
        <p id={`${id}-state`} className="text-xs text-zinc-500">
          {allowed ? "HTTP steps may also call internal addresses." : "HTTP steps can call public addresses only."}
        </p>
      </div>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        width="sm"
        title={`Allow private addresses in ${environment.name}?`}
        description={`${environment.name} is a protected environment.`}
      >
        <ModalBody>
          <p>
            HTTP request steps of every flow released to <strong>{environment.name}</strong> will be able to call addresses inside your network:
            private ranges (10.x, 172.16–31.x, 192.168.x), this server itself (localhost) and link-local addresses such as the cloud metadata
            service (169.254.169.254).
          </p>
          <p>Allow this only if these flows must reach systems on the internal network. The change is recorded in the audit log.</p>
        </ModalBody>
        <ModalFooter>
          <Button onClick={() => setConfirming(false)} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => mutation.mutate({ environmentId: environment.id, allow: true })} disabled={mutation.isPending}>
            {mutation.isPending ? "Allowing…" : "Allow private addresses"}
          </Button>
        </ModalFooter>
      </Modal>
    </div>
  );
}
