#!/bin/bash
# LayerTracer on a cluster: a SLURM job array splits a folder of images across machines with
# no coordination. Job K of N traces every N-th image from the K-th (shard=K/N); images whose
# results already exist are skipped, so a failed job can simply be resubmitted.
#
#   sbatch --array=0-7 scripts/slurm-trace-folder.sh /data/images /models/cnn /models/means.h5 /data/out
#
#SBATCH --job-name=layertracer
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=04:00:00
set -euo pipefail
images=$1 model=$2 means=$3 out=$4
shards=${SLURM_ARRAY_TASK_COUNT:-1}
shard=${SLURM_ARRAY_TASK_ID:-0}
# Current Fiji starts through Jaunch (fiji-linux-x64); older installations have ImageJ-linux64,
# which takes the same --headless --run arguments.
FIJI=${FIJI:-$HOME/Fiji.app/fiji-linux-x64}
[ -x "$FIJI" ] || FIJI=$HOME/Fiji.app/ImageJ-linux64

# every input of Trace Folder is given: a left-out one would take the value last entered in a
# Fiji dialog on this account
"$FIJI" --headless --run "Trace Folder" \
	"input_path=\"$images\",model_dir=\"$model\",tags=\"\",allow_file_operations=false,precision=\"auto\",input_range=\"auto\",channel_order=\"auto\",norm_mean=\"\",norm_std=\"\",class_means=\"$means\",output_dir=\"$out\",shard=\"$shard/$shards\",masks=\"4000\",agreement=0.99,mask_type=\"rise\",sampling=\"scrambled\",grid=8,keep=0.5,seed=1,batch_size=64,normalisation=\"e2cm\",temperature=1,threads=0,target=\"predicted\",attribution=\"keep\",overwrite=false"
